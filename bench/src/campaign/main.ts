/**
 * `pnpm --filter @relay/bench campaign`: a 100,000-recipient campaign on the stack as
 * `pnpm start` runs it (fresh database and NATS namespace), beside baselines of the same run.
 * Time until every recipient is durably queued (vs a raw multi-row insert of as many rows),
 * the preview's time, dispatch rate over channels whose pacing sums to 2,000 msg/s (handed
 * to the bulk path, and reaching the Twilio fake, per channel vs its rate), CPU per recipient
 * over every process, and the campaigns service's peak RSS. Sizes from BENCH_CAMPAIGN_* (see
 * parameters.ts and docs/performance.md); BENCH_PROFILE=1 profiles.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startTwilioFake, uniqueName } from "@relay/testing";
import globalSetup from "@relay/testing/global-setup";
import { startBaseline } from "../baseline/start-baseline.js";
import type { Scope } from "../cpu/attribute.js";
import { readStat } from "../cpu/proc.js";
import { CpuSampler } from "../cpu/sampler.js";
import { fixedSource, natsSource, postgresSource, stackSource } from "../cpu/sources.js";
import { readParameters } from "../parameters.js";
import { runBaseline } from "../phases/accept-baseline.js";
import { BENCH_TWILIO } from "../phases/context.js";
import { Observer } from "../phases/observer.js";
import { startSegment, summarizeProfiles } from "../profile/collect.js";
import { renderStatements } from "../profile/statements.js";
import { describeMachine, describeRevision } from "../report/machine.js";
import { admin, createChannels, databaseUrl } from "../setup.js";
import { startStack } from "../stack.js";
import { recipientsBaselineSchema } from "./baseline-schema.js";
import { ExtraProcesses, runBaselineJob } from "./baselines.js";
import { runDispatch } from "./dispatch.js";
import { readCampaignParameters } from "./parameters.js";
import { runQueue } from "./queue.js";
import { renderCampaignReport } from "./report.js";
import { RssSampler, waitQuiet } from "./rss.js";
import { AUDIENCE_TAG, checkSeeded, DISPATCH_TAG, PACING_TAG, seedContacts } from "./seed.js";

const root = resolve(import.meta.dirname, "../../..");
const log = (line: string) => console.log(`[campaign ${new Date().toISOString().slice(11, 19)}] ${line}`);
const parameters = readCampaignParameters();
// The per-organization rate limit (20/s) would be all a benchmark measures otherwise.
const stackEnv = {
  RATE_LIMIT_PER_SECOND: "100000",
  RATE_LIMIT_BURST: "100000",
  LOG_LEVEL: parameters.logLevel,
  // Settings of the stack a run may change from the environment; the report names them.
  ...Object.fromEntries(
    ["UPSTREAM_TIMEOUT_MS", "DISPATCH_INTERVAL_MS", "AUDIENCE_PAGE_SIZE", "SEND_CONCURRENCY"].flatMap(
      (name) => {
        const value = process.env[name];
        return value ? [[name, value]] : [];
      },
    ),
  ),
};
// Ours, so that a preview the gateway gives up on can be timed at the campaigns service as the gateway calls it.
const internalToken = randomBytes(24).toString("hex");
const teardown = await globalSetup();
const adminUrl = process.env.DATABASE_URL ?? "";
const natsUrl = process.env.NATS_URL ?? "";
const stackDb = uniqueName("relay_bench_campaign");
const baselineDb = `${stackDb}_baseline`;
const cleanups: Array<() => Promise<unknown>> = [];
const revision = describeRevision(root);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

try {
  log(`parameters ${JSON.stringify(parameters)}`);
  await admin(adminUrl, `create database "${stackDb}"`);
  await admin(adminUrl, `create database "${baselineDb}"`);
  cleanups.push(() => admin(adminUrl, `drop database if exists "${stackDb}" with (force)`));
  cleanups.push(() => admin(adminUrl, `drop database if exists "${baselineDb}" with (force)`));
  const fake = await startTwilioFake({ accounts: { [BENCH_TWILIO.sid]: BENCH_TWILIO.token } });
  cleanups.unshift(() => fake.stop());
  const profileDir = parameters.profile ? join(root, "bench/profiles", `campaign-${Date.now()}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  log("starting the stack as pnpm start does…");
  const stack = await startStack({
    databaseUrl: databaseUrl(adminUrl, stackDb),
    env: { ...stackEnv, TWILIO_API_URL: fake.url, INTERNAL_TOKEN: internalToken },
    profileDir,
  });
  cleanups.unshift(() => stack.stop());
  const observer = await Observer.connect(databaseUrl(adminUrl, stackDb));
  cleanups.unshift(() => observer.close());
  const acceptServer = await startBaseline(databaseUrl(adminUrl, baselineDb));
  let acceptStopped = false;
  cleanups.unshift(() => (acceptStopped ? Promise.resolve() : acceptServer.stop()));

  const extra = new ExtraProcesses();
  const postmaster = readStat(observer.backendPid)?.ppid ?? 0;
  const sampler = new CpuSampler([
    stackSource(stack.stateDir),
    postgresSource(postmaster, new Set([observer.backendPid])),
    natsSource(),
    fixedSource(acceptServer.pid, { group: "baseline", label: "accept baseline" }),
    extra.source,
  ]);
  sampler.start();
  cleanups.unshift(async () => sampler.stop());
  const rss = new RssSampler(stack.stateDir).start();
  cleanups.unshift(async () => rss.stop());
  const segment = (name: string) => profileDir && startSegment(stack.stateDir, profileDir, name);

  const stackScope: Scope = { groups: new Set(["stack", "postgres", "nats"]), databases: new Set([stackDb]) };
  const baselineScope: Scope = {
    groups: new Set(["baseline", "postgres"]),
    databases: new Set([baselineDb]),
  };
  const api = { gatewayUrl: stack.gatewayUrl, apiKey: stack.apiKey };

  const phones = await createChannels(
    stack.gatewayUrl,
    stack.apiKey,
    parameters.channels,
    parameters.sendRate,
  );
  const pacingPhones = parameters.pacingSeconds
    ? await createChannels(
        stack.gatewayUrl,
        stack.apiKey,
        parameters.channels,
        parameters.pacingRate,
        parameters.channels,
      )
    : [];
  const { rows: channelRows } = await observer.query<{ id: string; phone: string; organization_id: string }>(
    "select id, phone, organization_id from core.channels where phone = any($1::text[])",
    [[...phones, ...pacingPhones]],
  );
  const channelsOf = (list: string[]) =>
    list.map((phone) => {
      const row = channelRows.find((r) => r.phone === phone);
      if (!row) throw new Error(`channel ${phone} is not in core.channels`);
      return { id: row.id, phone };
    });
  const channels = channelsOf(phones);
  const pacingChannels = channelsOf(pacingPhones);
  const organizationId = channelRows[0]?.organization_id ?? "";
  // Each pacing campaign has enough recipients to hand over at its rate for the whole window, and then some.
  const pacingAudience = Math.min(
    parameters.recipients,
    Math.ceil(parameters.channels * parameters.pacingRate * parameters.pacingSeconds * 1.5),
  );
  const machine = await describeMachine(observer, natsUrl);
  log(
    `stack up (gateway ${stack.gatewayUrl}); ${channels.length} channels; seeding ${parameters.recipients} contacts (${parameters.seed})…`,
  );

  const seed = await seedContacts(parameters.seed, {
    databaseUrl: databaseUrl(adminUrl, stackDb),
    gatewayUrl: stack.gatewayUrl,
    apiKey: stack.apiKey,
    organizationId,
    contacts: parameters.recipients,
    dispatch: parameters.dispatch,
    pacing: pacingAudience,
    shards: parameters.channels,
    log,
  });
  await checkSeeded({ ...api, databaseUrl: databaseUrl(adminUrl, stackDb) });
  log(`seeded in ${(seed.ms / 1000).toFixed(1)} s; 5 s of idle for the services' RSS…`);
  segment("idle");
  await sleep(5_000);
  const idleRss = rss.current();

  segment("baseline");
  log(`baseline (b): minimal durable accept, ${parameters.acceptRequests} requests…`);
  const accept = await runBaseline(
    acceptServer.url,
    sampler,
    baselineScope,
    { ...readParameters(), messages: parameters.acceptRequests, concurrency: parameters.concurrency },
    log,
  );
  await acceptServer.stop();
  acceptStopped = true;
  log(
    `baseline (b): ${accept.rate.toFixed(0)} req/s; baseline (a): raw insert of ${parameters.recipients} rows…`,
  );
  const runId = uniqueName("r").slice(2);
  const insert = await runBaselineJob(
    {
      mode: "insert",
      databaseUrl: databaseUrl(adminUrl, baselineDb),
      schema: await recipientsBaselineSchema(observer),
      rows: parameters.recipients,
      batch: parameters.insertBatch,
      runId,
    },
    sampler,
    extra,
    baselineScope,
  );
  log(`baseline (a): ${(insert.ms / 1000).toFixed(2)} s; raw read of the audience…`);
  const read = await runBaselineJob(
    {
      mode: "read",
      databaseUrl: databaseUrl(adminUrl, stackDb),
      organizationId,
      tag: AUDIENCE_TAG,
      page: 500,
    },
    sampler,
    extra,
    baselineScope,
  );
  log(`raw read: ${read.rows} contacts in ${(read.ms / 1000).toFixed(2)} s`);

  segment("queue");
  const queue = await runQueue({
    api,
    observer,
    sampler,
    rss,
    scope: stackScope,
    from: channels[0]?.phone ?? "",
    runId,
    audience: parameters.recipients,
    direct: {
      campaignsUrl: `http://127.0.0.1:${stack.ports.CAMPAIGNS_PORT}`,
      internalToken,
      organizationId,
    },
    quiet: () => waitQuiet(stack.stateDir, "campaigns"),
    log,
  });
  log(
    `queue: all ${queue.store.stored} stored ${(queue.total.ms / 1000).toFixed(1)} s after the send request`,
  );

  const common = { api, observer, sampler, rss, scope: stackScope, fake, runId, log };
  let pacing: Awaited<ReturnType<typeof runDispatch>> | undefined;
  if (parameters.pacingSeconds) {
    segment("pacing");
    pacing = await runDispatch({
      ...common,
      label: "pacing",
      tag: PACING_TAG,
      channels: pacingChannels,
      sendRate: parameters.pacingRate,
      planned: pacingAudience,
      windowSeconds: parameters.pacingSeconds,
      drainSeconds: 20,
    });
    log(
      `pacing: per channel ${Math.min(...pacing.channels.map((c) => c.handover.sustained)).toFixed(2)}–${Math.max(...pacing.channels.map((c) => c.handover.sustained)).toFixed(2)} msg/s handed over at send_rate ${parameters.pacingRate}`,
    );
  }

  segment("dispatch");
  const dispatch = await runDispatch({
    label: "dispatch",
    tag: DISPATCH_TAG,
    api,
    observer,
    sampler,
    rss,
    scope: stackScope,
    fake,
    channels,
    sendRate: parameters.sendRate,
    planned: parameters.dispatch,
    windowSeconds: parameters.windowSeconds,
    drainSeconds: parameters.drainSeconds,
    runId,
    log,
  });
  log(
    `dispatch: ${dispatch.handover.sustained.toFixed(0)} msg/s handed over (sustained), ${dispatch.provider.sustained.toFixed(0)} msg/s at the fake`,
  );

  const report = renderCampaignReport({
    at: new Date(),
    machine,
    revision,
    parameters,
    stackEnv,
    seed,
    accept,
    insert,
    read,
    queue,
    ...(pacing && { pacing }),
    dispatch,
    idleRss,
    restarted: [...rss.restarted],
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
    const counted = { queue: queue.audience, pacing: pacing?.handedOver ?? 0, dispatch: dispatch.handedOver };
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
  const file = join(dir, `${day}-${sha}-campaign.md`);
  // A second run of the same revision on the same day keeps the first.
  return existsSync(file)
    ? join(dir, `${day}-${sha}-campaign-${new Date().toISOString().slice(11, 16).replace(":", "")}.md`)
    : file;
}
