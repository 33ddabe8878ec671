/**
 * `pnpm --filter @relay/bench sequences`: durable timers of 100,000 runs on the stack as `pnpm
 * start` runs it (fresh database and NATS namespace), beside a PostgreSQL baseline of the same
 * run. Spread: the runs' sends due evenly over a minute (fire lateness). Burst: as many due at
 * one instant (steps per second). CPU per step over sequences, conversations, PostgreSQL and
 * NATS. Sizes from BENCH_SEQ_* (parameters.ts, docs/performance.md); BENCH_PROFILE=1 profiles.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startTwilioFake, uniqueName } from "@relay/testing";
import globalSetup from "@relay/testing/global-setup";
import { ExtraProcesses, runBaselineJob } from "../campaign/baselines.js";
import { seedContacts } from "../campaign/seed.js";
import type { Scope } from "../cpu/attribute.js";
import { readStat } from "../cpu/proc.js";
import { CpuSampler } from "../cpu/sampler.js";
import { natsSource, postgresSource, stackSource } from "../cpu/sources.js";
import { BENCH_TWILIO } from "../phases/context.js";
import { Observer } from "../phases/observer.js";
import { startSegment, summarizeProfiles } from "../profile/collect.js";
import { describeMachine, describeRevision } from "../report/machine.js";
import { admin, createChannels, databaseUrl } from "../setup.js";
import { startStack } from "../stack.js";
import type { TimerAnswer, TimerJob } from "./baseline-worker.js";
import { firePhase } from "./fire.js";
import { readSequencesParameters } from "./parameters.js";
import { figures, fromFire, renderSequencesReport } from "./report.js";
import { type BenchSequence, seedRuns } from "./seed-runs.js";

const root = resolve(import.meta.dirname, "../../..");
const WORKER = resolve(import.meta.dirname, "baseline-worker.ts");
const log = (line: string) => console.log(`[sequences ${new Date().toISOString().slice(11, 19)}] ${line}`);
const parameters = readSequencesParameters();
const stackEnv = {
  RATE_LIMIT_PER_SECOND: "100000",
  RATE_LIMIT_BURST: "100000",
  LOG_LEVEL: parameters.logLevel,
  ...Object.fromEntries(
    ["TIMER_INTERVAL_MS", "TIMER_BATCH_SIZE", "TIMER_CONCURRENCY"].flatMap((name) => {
      const value = process.env[name];
      return value ? [[name, value]] : [];
    }),
  ),
};
const teardown = await globalSetup();
const adminUrl = process.env.DATABASE_URL ?? "";
const natsUrl = process.env.NATS_URL ?? "";
const stackDb = uniqueName("relay_bench_sequences");
const baselineDb = `${stackDb}_baseline`;
const cleanups: Array<() => Promise<unknown>> = [];
const revision = describeRevision(root);

try {
  log(`parameters ${JSON.stringify(parameters)}`);
  await admin(adminUrl, `create database "${stackDb}"`);
  await admin(adminUrl, `create database "${baselineDb}"`);
  cleanups.push(() => admin(adminUrl, `drop database if exists "${stackDb}" with (force)`));
  cleanups.push(() => admin(adminUrl, `drop database if exists "${baselineDb}" with (force)`));
  const fake = await startTwilioFake({ accounts: { [BENCH_TWILIO.sid]: BENCH_TWILIO.token } });
  cleanups.unshift(() => fake.stop());
  const profileDir = parameters.profile ? join(root, "bench/profiles", `sequences-${Date.now()}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  log("starting the stack as pnpm start does…");
  const stack = await startStack({
    databaseUrl: databaseUrl(adminUrl, stackDb),
    env: { ...stackEnv, TWILIO_API_URL: fake.url },
    profileDir,
  });
  cleanups.unshift(() => stack.stop());
  const observer = await Observer.connect(databaseUrl(adminUrl, stackDb));
  cleanups.unshift(() => observer.close());
  const extra = new ExtraProcesses();
  const postmaster = readStat(observer.backendPid)?.ppid ?? 0;
  const sampler = new CpuSampler([
    stackSource(stack.stateDir),
    postgresSource(postmaster, new Set([observer.backendPid])),
    natsSource(),
    extra.source,
  ]);
  sampler.start();
  cleanups.unshift(async () => sampler.stop());
  const segment = (name: string) => profileDir && startSegment(stack.stateDir, profileDir, name);
  const stackScope: Scope = { groups: new Set(["stack", "postgres", "nats"]), databases: new Set([stackDb]) };
  const baselineScope: Scope = {
    groups: new Set(["baseline", "postgres"]),
    databases: new Set([baselineDb]),
  };

  const [phone] = await createChannels(stack.gatewayUrl, stack.apiKey, 1, parameters.sendRate);
  const { rows: channelRows } = await observer.query<{ organization_id: string }>(
    "select organization_id from core.channels where phone = $1",
    [phone],
  );
  const organizationId = channelRows[0]?.organization_id ?? "";
  const machine = await describeMachine(observer, natsUrl);
  log(`stack up; seeding ${2 * parameters.runs} contacts…`);
  const contacts = await seedContacts("sql", {
    databaseUrl: databaseUrl(adminUrl, stackDb),
    gatewayUrl: stack.gatewayUrl,
    apiKey: stack.apiKey,
    organizationId,
    contacts: 2 * parameters.runs,
    dispatch: 0,
    pacing: 0,
    shards: 1,
    log,
  });
  const spreadSequence = await createSequence(stack.gatewayUrl, stack.apiKey, phone ?? "", "Spread");
  const burstSequence = await createSequence(stack.gatewayUrl, stack.apiKey, phone ?? "", "Burst");
  log(`seeded in ${(contacts.ms / 1000).toFixed(1)} s; inserting ${2 * parameters.runs} runs…`);
  const runsMs =
    (await seedRuns(databaseUrl(adminUrl, stackDb), spreadSequence, { runs: parameters.runs, offset: 0 })) +
    (await seedRuns(databaseUrl(adminUrl, stackDb), burstSequence, {
      runs: parameters.runs,
      offset: parameters.runs,
    }));

  const job = (mode: TimerJob["mode"]): TimerJob => ({
    mode,
    databaseUrl: databaseUrl(adminUrl, baselineDb),
    rows: parameters.runs,
    spreadMs: mode === "spread" ? parameters.spreadSeconds * 1000 : 0,
    leadMs: parameters.leadSeconds * 1000,
    batch: parameters.batch,
    intervalMs: parameters.intervalMs,
  });
  const baseline = async (mode: TimerJob["mode"]) => {
    const run = await runBaselineJob<TimerAnswer>(job(mode), sampler, extra, baselineScope, WORKER);
    return figures({ due: run.due, handed: run.done, refused: 0 }, run.cpu);
  };
  log("baseline: spread…");
  const spreadBaseline = await baseline("spread");
  log(`baseline: spread p99 ${spreadBaseline.lateness.p99.toFixed(0)} ms; burst…`);
  const burstBaseline = await baseline("burst");
  log(`baseline: burst ${burstBaseline.perSecond.toFixed(0)} steps/s`);

  const phase = (sequence: BenchSequence, spreadMs: number) =>
    firePhase({
      observer,
      sampler,
      scope: stackScope,
      sequence,
      runs: parameters.runs,
      spreadMs,
      leadMs: parameters.leadSeconds * 1000,
      timeoutMs: parameters.timeoutSeconds * 1000,
      log,
    });
  segment("spread");
  log(`stack: spread, ${parameters.runs} steps due over ${parameters.spreadSeconds} s…`);
  const spread = fromFire(await phase(spreadSequence, parameters.spreadSeconds * 1000));
  log(`stack: spread p99 ${spread.lateness.p99.toFixed(0)} ms; burst…`);
  segment("burst");
  const burst = fromFire(await phase(burstSequence, 0));
  log(`stack: burst ${burst.perSecond.toFixed(0)} steps/s`);

  const report = renderSequencesReport({
    at: new Date(),
    machine,
    revision,
    parameters,
    stackEnv,
    seedMs: { contacts: contacts.ms, runs: runsMs },
    spread: { stack: spread, baseline: spreadBaseline },
    burst: { stack: burst, baseline: burstBaseline },
  });
  console.log(`\n${report}`);
  const file = profileDir ? join(profileDir, "report.md") : resultFile(revision.sha);
  writeFileSync(file, report);
  log(`report written to ${file}`);
  segment("shutdown");
  for (const cleanup of cleanups.splice(0))
    await cleanup().catch((error) => log(`cleanup: ${String(error)}`));
  if (profileDir) summarizeProfiles(profileDir, log);
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => log(`cleanup: ${String(error)}`));
  await teardown();
}

/** A sequence through the public API, activated: send, wait two days for a reply, end. */
async function createSequence(gatewayUrl: string, apiKey: string, from: string, title: string) {
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${gatewayUrl}/v1${path}`, {
      method: "POST",
      headers: { "x-whippy-key": apiKey, "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as { data: { id: string } };
  };
  const created = await call("/sequences", {
    title,
    from,
    steps: [
      { type: "send", key: "ask", body: "Bench follow-up: are you available next week? Reply YES" },
      {
        type: "wait_for_reply",
        key: "wait",
        timeout: { value: 2, unit: "days" },
        on_reply: "done",
        on_timeout: "done",
      },
      { type: "end", key: "done" },
    ],
    settings: { stop_on_reply: true, re_entry: "allow" },
  });
  await call(`/sequences/${created.data.id}/activate`);
  const observer = await Observer.connect(databaseUrl(adminUrl, stackDb));
  try {
    const { rows } = await observer.query<{
      organization_id: string;
      channel_id: string;
      from: string;
      version: number;
      steps: Array<{ id: string; key: string }>;
    }>(
      `select s.organization_id, s.channel_id, s."from", s.version, v.steps from sequences.sequences s
       join sequences.sequence_versions v on v.sequence_id = s.id and v.version = s.version where s.id = $1`,
      [created.data.id],
    );
    const row = rows[0];
    const ask = row?.steps.find((s) => s.key === "ask");
    if (!row || !ask) throw new Error(`sequence ${created.data.id} is not in the sequences schema`);
    return {
      id: created.data.id,
      organizationId: row.organization_id,
      version: row.version,
      channelId: row.channel_id,
      from: row.from,
      stepId: ask.id,
      stepKey: ask.key,
    } satisfies BenchSequence;
  } finally {
    await observer.close();
  }
}

function resultFile(sha: string): string {
  const dir = join(root, "bench/results");
  mkdirSync(dir, { recursive: true });
  const day = new Date().toISOString().slice(0, 10);
  const file = join(dir, `${day}-${sha}-sequences.md`);
  return existsSync(file)
    ? join(dir, `${day}-${sha}-sequences-${new Date().toISOString().slice(11, 16).replace(":", "")}.md`)
    : file;
}
