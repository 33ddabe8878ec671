import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import type { StartedTestContainer } from "testcontainers";

const LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const LOCAL_NATS_URL = "nats://127.0.0.1:4222";

function reachable(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Vitest globalSetup: uses DATABASE_URL / NATS_URL when set; otherwise the local servers on
 * their default ports when they answer; otherwise starts PostgreSQL and NATS (JetStream)
 * containers once for the whole run.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const started: StartedTestContainer[] = [];
  if (!process.env.DATABASE_URL && (await reachable(5432))) process.env.DATABASE_URL = LOCAL_DATABASE_URL;
  if (!process.env.NATS_URL && (await reachable(4222))) process.env.NATS_URL = LOCAL_NATS_URL;
  if (!process.env.DATABASE_URL) {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const container = await new PostgreSqlContainer("postgres:15-alpine").start();
    started.push(container);
    process.env.DATABASE_URL = container.getConnectionUri();
  }
  if (!process.env.NATS_URL) {
    const { GenericContainer, Wait } = await import("testcontainers");
    const container = await new GenericContainer("nats:2.9-alpine")
      .withCommand(["-js"])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start();
    started.push(container);
    process.env.NATS_URL = `nats://${container.getHost()}:${container.getMappedPort(4222)}`;
  }
  const before = await streamNames(process.env.NATS_URL);
  // Test workers inherit it; uniqueName puts it first in every namespace of this run.
  const run = randomBytes(2).toString("hex");
  process.env.RELAY_TEST_RUN = run;
  return async () => {
    await deleteTestStreams(process.env.NATS_URL, before, run);
    await Promise.all(started.map((container) => container.stop()));
  };
}

/**
 * Test namespaces come from `uniqueName`: `<prefix>_<run id><6 hex>`, so their streams are
 * `<ns>_<STREAM>` (and object stores `OBJ_<ns>_<BUCKET>`).
 */
const TEST_STREAM = /^(?:OBJ_)?[a-z0-9_]+_([0-9a-f]{10})_[A-Z_]+$/;

async function streamNames(natsUrl: string | undefined): Promise<Set<string>> {
  const names = new Set<string>();
  if (!natsUrl) return names;
  const { connect } = await import("@nats-io/transport-node");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const stream of jsm.streams.list()) names.add(stream.config.name);
  } finally {
    await nc.close();
  }
  return names;
}

/** Deletes the streams this run's test namespaces created, so NATS's storage does not grow run after run. */
async function deleteTestStreams(
  natsUrl: string | undefined,
  before: Set<string>,
  run: string,
): Promise<void> {
  if (!natsUrl) return;
  const { connect } = await import("@nats-io/transport-node");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const created: string[] = [];
    for await (const stream of jsm.streams.list()) {
      const id = TEST_STREAM.exec(stream.config.name)?.[1];
      if (!before.has(stream.config.name) && id?.startsWith(run)) created.push(stream.config.name);
    }
    for (const name of created) await jsm.streams.delete(name).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
