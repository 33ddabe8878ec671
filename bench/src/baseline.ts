import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import pg from "pg";

/**
 * The machine's own ceiling for the work a benchmark does: the same rows inserted straight into
 * PostgreSQL with multi-row inserts, and the same events published straight to JetStream.
 * The benchmarks print their throughput as a ratio of these.
 */
export async function postgresInsertBaseline(
  databaseUrl: string,
  rows: number,
  batch = 500,
): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const table = `bench_baseline_${process.pid}`;
  try {
    await client.query(`create temporary table ${table} (
      id uuid primary key, conversation_id uuid not null, body text not null, direction text not null,
      delivery_status text not null, created_at timestamptz not null default now())`);
    const started = performance.now();
    for (let offset = 0; offset < rows; offset += batch) {
      const size = Math.min(batch, rows - offset);
      const values: string[] = [];
      const params: unknown[] = [];
      for (let i = 0; i < size; i++) {
        const p = params.length;
        values.push(`($${p + 1}, $${p + 2}, $${p + 3}, 'OUTBOUND', 'queued')`);
        params.push(crypto.randomUUID(), crypto.randomUUID(), `benchmark message ${offset + i}`);
      }
      await client.query(
        `insert into ${table} (id, conversation_id, body, direction, delivery_status) values ${values.join(",")}`,
        params,
      );
    }
    return (rows * 1000) / (performance.now() - started);
  } finally {
    await client.end();
  }
}

export async function jetstreamPublishBaseline(
  natsUrl: string,
  events: number,
  namespace: string,
): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const stream = `${namespace}_BASELINE`;
  try {
    await jsm.streams.add({ name: stream, subjects: [`${namespace}.baseline.>`] });
    const js = jetstream(nc);
    const payload = new TextEncoder().encode(
      JSON.stringify({
        id: crypto.randomUUID(),
        type: "baseline.event",
        organization_id: crypto.randomUUID(),
        occurred_at: new Date().toISOString(),
        data: { body: "benchmark message" },
      }),
    );
    const started = performance.now();
    // Publish in windows of acks in flight, as the outbox relay does with its batches.
    for (let offset = 0; offset < events; offset += 200) {
      const size = Math.min(200, events - offset);
      await Promise.all(
        Array.from({ length: size }, (_, i) =>
          js.publish(`${namespace}.baseline.event`, payload, { msgID: `${offset + i}` }),
        ),
      );
    }
    return (events * 1000) / (performance.now() - started);
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  }
}
