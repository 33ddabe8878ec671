/**
 * The campaign bench's baselines, each run in this process of its own (started with tsx like the
 * services) on a connection of its own, so /proc tells its CPU and its backend's apart:
 *
 * - `insert`: the raw multi-row insert of N recipient rows into a copy of campaign_recipients
 *   (its DDL from baseline-schema.ts), `batch` rows per statement, each statement committed (durable), rows
 *   as wide as the service stores them (name, phone, personalized body, zone).
 * - `read`: the raw read of an audience from core's contacts, keyset pages of 500 in id order
 *   with the columns core's audience page selects: the floor under a preview's audience scan.
 *
 * Told what to do over IPC; answers `{ ms, rows, pid }` (and RSS) and exits.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { contactName, contactPhone, renderedBody } from "./seed-shape.js";

export type BaselineJob =
  | { mode: "insert"; databaseUrl: string; schema: string; rows: number; batch: number; runId: string }
  | { mode: "read"; databaseUrl: string; organizationId: string; tag: string; page: number };

export interface BaselineAnswer {
  ms: number;
  rows: number;
  /** Peak RSS of this process (VmHWM), in bytes. */
  peakRss: number;
}

const COLUMNS = [
  "campaign_id",
  "contact_id",
  "organization_id",
  "state",
  "name",
  "phone",
  "body",
  "time_zone",
];
const ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "America/Denver"];

/** Connects and creates what the job needs; returns the timed part, run once the parent has marked CPU. */
async function prepare(job: BaselineJob, client: pg.Client): Promise<() => Promise<number>> {
  if (job.mode === "insert") {
    await client.query(job.schema);
    const campaignId = randomUUID();
    const organizationId = randomUUID();
    await client.query("insert into campaigns (id) values ($1)", [campaignId]);
    return async () => {
      for (let first = 0; first < job.rows; first += job.batch) {
        const count = Math.min(job.batch, job.rows - first);
        const values: unknown[] = [];
        const tuples: string[] = [];
        for (let i = 0; i < count; i++) {
          const n = first + i;
          const name = contactName(n);
          const at = values.length;
          tuples.push(`(${COLUMNS.map((_, c) => `$${at + c + 1}`).join(", ")})`);
          values.push(
            campaignId,
            randomUUID(),
            organizationId,
            "pending",
            name,
            contactPhone(n),
            renderedBody(name, job.runId),
            ZONES[n % ZONES.length],
          );
        }
        await client.query(
          `insert into campaign_recipients (${COLUMNS.join(", ")}) values ${tuples.join(", ")}
           on conflict (campaign_id, contact_id) do nothing`,
          values,
        );
      }
      return job.rows;
    };
  }
  return async () => {
    let after: string | undefined;
    let rows = 0;
    for (;;) {
      const page = await client.query<{ id: string }>(
        `select id, name, phone, email, external_id, '{}'::jsonb as properties from core.contacts
         where organization_id = $1 and tags && $2::text[] ${after ? "and id > $4" : ""}
         order by id limit $3`,
        after ? [job.organizationId, [job.tag], job.page, after] : [job.organizationId, [job.tag], job.page],
      );
      rows += page.rows.length;
      if (page.rows.length < job.page) return rows;
      after = page.rows.at(-1)?.id;
    }
  };
}

function peakRss(): number {
  // VmHWM: the process's peak resident set, in kB.
  const status = readFileSync("/proc/self/status", "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

// ready → job → prepared (backend pid) → go → answer → end: the connection (and its backend)
// lives until the parent has taken its last CPU mark, so the backend's CPU is counted.
process.once("message", (job: BaselineJob) => {
  const client = new pg.Client({ connectionString: job.databaseUrl });
  const fail = (error: Error) => {
    console.error(`baseline worker (${job.mode}): ${error.stack ?? error.message}`);
    process.exit(1);
  };
  void (async () => {
    await client.connect();
    const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
    const run = await prepare(job, client);
    process.once("message", () => {
      const started = performance.now();
      run().then((count) => {
        const answer: BaselineAnswer = { ms: performance.now() - started, rows: count, peakRss: peakRss() };
        process.send?.(answer);
        process.once("message", () => void client.end().finally(() => process.exit(0)));
      }, fail);
    });
    process.send?.({ prepared: true, backendPid: rows[0]?.pid });
  })().catch(fail);
});
process.send?.({ ready: true });
