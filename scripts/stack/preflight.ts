import { connect } from "@nats-io/transport-node";
import pg from "pg";

/** How to get PostgreSQL answering where DATABASE_URL points: commands that exist on any system. */
export function postgresHint(databaseUrl: string): string {
  const { host, port } = endpoint(databaseUrl, 5432);
  return (
    `start PostgreSQL listening on ${host}:${port} (your system's service manager, e.g. ` +
    `\`sudo systemctl start postgresql\` or \`brew services start postgresql\`; or ` +
    `\`docker run -d -p ${port}:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15\`), or set DATABASE_URL`
  );
}

/** How to get a NATS server with JetStream answering at the first of NATS_URL's servers. */
export function natsHint(natsUrl: string): string {
  const { host, port } = endpoint(natsUrl.split(",")[0] ?? natsUrl, 4222);
  return (
    `start nats-server with JetStream on ${host}:${port} (\`nats-server -js -a ${host} -p ${port}\`, or ` +
    `\`docker run -d -p ${port}:4222 nats:2.10 -js\`), or set NATS_URL`
  );
}

function endpoint(url: string, defaultPort: number): { host: string; port: number } {
  try {
    const parsed = new URL(url.includes("://") ? url : `nats://${url}`);
    return { host: parsed.hostname || "127.0.0.1", port: Number(parsed.port) || defaultPort };
  } catch {
    return { host: "127.0.0.1", port: defaultPort };
  }
}

/** Checks PostgreSQL and NATS (with JetStream) answer; returns one line per problem. */
export async function preflight(
  databaseUrl: string,
  natsUrl: string,
  auth: { user?: string | undefined; password?: string | undefined } = {},
): Promise<string[]> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    problems.push(
      `PostgreSQL is not reachable at ${redact(databaseUrl)} (${message(error)}); ${postgresHint(databaseUrl)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  try {
    const nc = await connect({
      servers: natsUrl.split(","),
      timeout: 3_000,
      ...(auth.user !== undefined && { user: auth.user, pass: auth.password ?? "" }),
    });
    try {
      const info = nc.info;
      if (info && !info.jetstream)
        problems.push(
          `NATS at ${natsUrl} runs without JetStream; restart it with -js (\`nats-server -js\`, or \`jetstream {}\` in its config)`,
        );
    } finally {
      await nc.close();
    }
  } catch (error) {
    problems.push(`NATS is not reachable at ${natsUrl} (${message(error)}); ${natsHint(natsUrl)}`);
  }
  return problems;
}

function message(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(message).join(", ");
  return error instanceof Error ? error.message || error.name : String(error);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}
