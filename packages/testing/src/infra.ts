import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * Where tests find PostgreSQL and NATS: `DATABASE_URL` / `NATS_URL` when set,
 * otherwise the containers `globalSetup` started (see global-setup.ts).
 */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set and no test container was started (add globalSetup)");
  return url;
}

export function testNatsUrl(): string {
  const url = process.env.NATS_URL;
  if (!url) throw new Error("NATS_URL is not set and no test container was started (add globalSetup)");
  return url;
}

/** A short random name, safe for PostgreSQL schemas and NATS subjects/streams. */
export function uniqueName(prefix: string): string {
  // The run's id first: a run's teardown then removes its own streams, never a concurrent run's.
  const run = /^[0-9a-f]{4}$/.test(process.env.RELAY_TEST_RUN ?? "") ? process.env.RELAY_TEST_RUN : "";
  return `${prefix}_${run}${randomBytes(5)
    .toString("hex")
    .slice(run?.length ?? 0)}`;
}

/** Drops the schemas a test file created. */
export async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Env for a service under test: its own database schema, its own NATS namespace
 * (so its streams and subjects are private to the test file), quiet logs, a free port.
 */
export function serviceTestEnv(options: {
  schema: string;
  namespace: string;
  internalToken?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    DATABASE_URL: testDatabaseUrl(),
    NATS_URL: testNatsUrl(),
    DATABASE_SCHEMA: options.schema,
    NATS_NAMESPACE: options.namespace,
    INTERNAL_TOKEN: options.internalToken ?? TEST_INTERNAL_TOKEN,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    PORT: "0",
    ...options.extra,
  };
}

export const TEST_INTERNAL_TOKEN = "test-internal-token-0123456789";
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";
/** Core's key for channel credentials in tests (32 bytes, base64). */
export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 7).toString("base64");

/**
 * A free TCP port, for a service that must know its own URL before it listens. Picked below
 * the kernel's ephemeral range (32768+): an ephemeral port found free may be handed to an
 * outgoing connection before the service binds it.
 */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  for (let tries = 0; tries < 200; tries++) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port below 32768");
}

/** The same: for a listener that keeps its port across restarts. */
export const freeListenPort = freePort;
