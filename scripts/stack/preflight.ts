import { connect } from "@nats-io/transport-node";
import pg from "pg";

const POSTGRES_HINT =
  "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start  (or set DATABASE_URL)";
const NATS_HINT =
  "start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server  (or set NATS_URL)";

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
      `PostgreSQL is not reachable at ${redact(databaseUrl)} (${message(error)}); ${POSTGRES_HINT}`,
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
        problems.push(`NATS at ${natsUrl} runs without JetStream; restart it with -js`);
    } finally {
      await nc.close();
    }
  } catch (error) {
    problems.push(`NATS is not reachable at ${natsUrl} (${message(error)}); ${NATS_HINT}`);
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
