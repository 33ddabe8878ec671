/**
 * `pnpm bench`: the stack as `pnpm start` runs it, on a fresh database, beside a minimal
 * durable accept path in its own process (the baseline of the same run); send, inbound and
 * bulk paths under the same load generator; CPU per message over every process from /proc.
 * Sizes from BENCH_* (see parameters.ts and docs/performance.md); BENCH_PROFILE=1 profiles.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startTwilioFake, uniqueName } from "@relay/testing";
import globalSetup from "@relay/testing/global-setup";
import { startBaseline } from "./baseline/start-baseline.js";
import { attribute, type Scope } from "./cpu/attribute.js";
import { readStat } from "./cpu/proc.js";
import { CpuSampler, ticksBetween } from "./cpu/sampler.js";
import { fixedSource, natsSource, postgresSource, stackSource } from "./cpu/sources.js";
import { openLiveViewer } from "./live-viewer.js";
import { readParameters } from "./parameters.js";
import { runBaseline } from "./phases/accept-baseline.js";
import { runBulk } from "./phases/bulk.js";
import { BENCH_TWILIO, type BenchContext, metered, type PhaseResult } from "./phases/context.js";
import { dbWorkPerMessage, readDbCounters } from "./phases/db-work.js";
import { runInbound } from "./phases/inbound.js";
import { Observer } from "./phases/observer.js";
import { ProviderLog } from "./phases/provider-log.js";
import { runPacedSend, runSend } from "./phases/send.js";
import { startSegment, summarizeProfiles } from "./profile/collect.js";
import { renderStatements } from "./profile/statements.js";
import { describeMachine, describeRevision } from "./report/machine.js";
import { renderReport } from "./report/render.js";
import { admin, createChannels, databaseUrl } from "./setup.js";
import { startStack } from "./stack.js";

const root = resolve(import.meta.dirname, "../..");
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const parameters = readParameters();
// The per-organization rate limit (20/s) would be the only thing measured otherwise.
const stackEnv = {
  RATE_LIMIT_PER_SECOND: "100000",
  RATE_LIMIT_BURST: "100000",
  LOG_LEVEL: parameters.logLevel,
};
const teardown = await globalSetup();
const adminUrl = process.env.DATABASE_URL ?? "";
const natsUrl = process.env.NATS_URL ?? "";
const stackDb = uniqueName("relay_bench");
const baselineDb = `${stackDb}_baseline`;
const cleanups: Array<() => Promise<unknown>> = [];
// The services load the working tree as it is now: name the revision now, not after the run.
const revision = describeRevision(root);

try {
  log(`parameters ${JSON.stringify(parameters)}`);
  await admin(adminUrl, `create database "${stackDb}"`);
  await admin(adminUrl, `create database "${baselineDb}"`);
  cleanups.push(() => admin(adminUrl, `drop database if exists "${stackDb}" with (force)`));
  cleanups.push(() => admin(adminUrl, `drop database if exists "${baselineDb}" with (force)`));
  const fake = await startTwilioFake({ accounts: { [BENCH_TWILIO.sid]: BENCH_TWILIO.token } });
  cleanups.unshift(() => fake.stop());
  const profileDir = parameters.profile ? join(root, "bench/profiles", `${Date.now()}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  log("starting the stack as pnpm start does…");
  const stack = await startStack({
    databaseUrl: databaseUrl(adminUrl, stackDb),
    env: { ...stackEnv, TWILIO_API_URL: fake.url },
    profileDir,
  });
  cleanups.unshift(() => stack.stop());
  const baseline = await startBaseline(databaseUrl(adminUrl, baselineDb));
  cleanups.unshift(() => baseline.stop());
  const observer = await Observer.connect(databaseUrl(adminUrl, stackDb));
  cleanups.unshift(() => observer.close());

  const postmaster = readStat(observer.backendPid)?.ppid ?? 0;
  const sampler = new CpuSampler([
    stackSource(stack.stateDir),
    postgresSource(postmaster, new Set([observer.backendPid])),
    natsSource(),
    fixedSource(baseline.pid, { group: "baseline", label: "baseline" }),
  ]);
  sampler.start();
  cleanups.unshift(async () => sampler.stop());
  // What each service used from its start to now: start-up (tsx transpiling, migrations).
  const startupUse = attribute(sampler.tracked, ticksBetween(new Map(), sampler.mark()), {
    groups: new Set(["stack"]),
    databases: new Set(),
  });
  const startup = Object.fromEntries(
    Object.entries(startupUse.processes).map(([k, v]) => [k.replace(/^stack\//, ""), v]),
  );

  const stackScope: Scope = { groups: new Set(["stack", "postgres", "nats"]), databases: new Set([stackDb]) };
  const baselineScope: Scope = {
    groups: new Set(["baseline", "postgres"]),
    databases: new Set([baselineDb]),
  };
  const channels = await createChannels(
    stack.gatewayUrl,
    stack.apiKey,
    parameters.channels,
    parameters.sendRate,
  );
  const viewer = await openLiveViewer(stack.gatewayUrl, stack.stateDir);
  cleanups.unshift(async () => viewer.close());
  const machine = await describeMachine(observer, natsUrl);
  // Profiled runs cut each process's profile per phase (see profile/preload.mjs).
  const segment = (name: string) => profileDir && startSegment(stack.stateDir, profileDir, name);
  log(`stack up (gateway ${stack.gatewayUrl}); ${channels.length} channels; measuring 5 s idle…`);
  segment("idle");
  const idle = await metered(sampler, stackScope, () => new Promise((done) => setTimeout(done, 5_000)));

  const ctx: BenchContext = {
    parameters,
    runId: uniqueName("r").slice(2),
    gatewayUrl: stack.gatewayUrl,
    apiKey: stack.apiKey,
    channels,
    fake,
    provider: new ProviderLog(fake),
    observer,
    sampler,
    stackScope,
    log,
  };
  // A backend idle after a transaction flushes its statistics only 10 s later: each reading of
  // pg_stat_* (the database work per message) waits out a quiet spell, outside the CPU marks.
  const quietReading = async () => {
    await new Promise((done) => setTimeout(done, 11_000));
    return {
      stack: await readDbCounters(observer, stackDb),
      baseline: await readDbCounters(observer, baselineDb),
    };
  };
  let reading = await quietReading();
  const measure = async (which: "stack" | "baseline", phase: () => Promise<PhaseResult>) => {
    const result = await phase();
    if (result.skipped) return result;
    const before = reading;
    reading = await quietReading();
    result.db = dbWorkPerMessage(before[which], reading[which], result.accepted);
    return result;
  };
  log(`baseline: ${parameters.messages} requests, ${parameters.concurrency} clients…`);
  segment("baseline");
  const baselineResult = await measure("baseline", () =>
    runBaseline(baseline.url, sampler, baselineScope, parameters, log),
  );
  log(`baseline: ${baselineResult.rate.toFixed(0)} req/s; send: ${parameters.messages} messages…`);
  segment("send");
  const send = await measure("stack", () => runSend(ctx));
  log(`send: ${send.rate.toFixed(1)} req/s; inbound: ${parameters.webhooks} webhooks…`);
  segment("inbound");
  const inbound = await measure("stack", () => runInbound(ctx));
  log(`inbound: ${inbound.rate.toFixed(1)} req/s; bulk: ${parameters.bulk} messages…`);
  segment("bulk");
  const bulk = await measure("stack", () => runBulk(ctx));
  log(bulk.skipped ? `bulk: skipped: ${bulk.skipped}` : `bulk: ${bulk.rate.toFixed(0)} msg/s`);
  log(`paced: ${parameters.pacedRate}/s for ${parameters.pacedSeconds} s…`);
  segment("paced");
  const paced = await measure("stack", () => runPacedSend(ctx));

  const report = renderReport({
    at: new Date(),
    machine,
    revision,
    parameters,
    stackEnv,
    phases: { baseline: baselineResult, send, inbound, bulk, paced },
    idle: { ...idle.cpu, seconds: idle.elapsedMs / 1000 },
    startup,
  });
  console.log(`\n${report}`);
  const file = profileDir ? join(profileDir, "report.md") : resultFile(revision.sha);
  writeFileSync(file, report);
  log(`report written to ${file}`);

  log("stopping…");
  segment("shutdown");
  for (const cleanup of cleanups.splice(0))
    await cleanup().catch((error) => log(`cleanup: ${String(error)}`));
  if (profileDir) {
    summarizeProfiles(profileDir, log);
    const counted = {
      send: send.accepted,
      inbound: inbound.accepted,
      bulk: bulk.accepted,
      paced: paced.accepted,
    };
    const statements = `\n## SQL statements (profiled run, counted in each service's pg client)\n\n${renderStatements(profileDir, counted)}\n`;
    console.log(statements);
    appendFileSync(file, statements);
  }
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => log(`cleanup: ${String(error)}`));
  await teardown();
}

function resultFile(sha: string): string {
  const dir = join(root, "bench/results");
  mkdirSync(dir, { recursive: true });
  const day = new Date().toISOString().slice(0, 10);
  const file = join(dir, `${day}-${sha}.md`);
  // A second run of the same revision on the same day keeps the first.
  return existsSync(file)
    ? join(dir, `${day}-${sha}-${new Date().toISOString().slice(11, 16).replace(":", "")}.md`)
    : file;
}
