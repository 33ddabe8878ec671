/**
 * `pnpm --filter @relay/bench webhooks`: 200 events/s (BENCH_WEBHOOKS_RATE) for a minute
 * (BENCH_WEBHOOKS_SECONDS) fanned out to 10 endpoints on a local receiver, one answering 500 the
 * whole run. The webhooks service runs as its own process (as `pnpm start` runs it) on a fresh
 * schema and NATS namespace; events are published to its source stream as conversations' outbox
 * relay would, so "commit" is the event's `occurred_at`. First, in the same run, a baseline
 * forwarder (baseline-forwarder.ts) handles the same load for BENCH_WEBHOOKS_BASELINE_SECONDS.
 * BENCH_PROFILE=1 profiles the service (profile/preload.mjs) and counts its SQL statements: the
 * `service` segment covers the load, written with the report to bench/profiles/<stamp>/.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { MessageCreated } from "@relay/domain";
import { connectBus, newEvent } from "@relay/service-kit";
import { dropSchemas, freePort, uniqueName, waitFor } from "@relay/testing";
import globalSetup from "@relay/testing/global-setup";
import { CLK_TCK, readStat } from "../cpu/proc.js";
import { summarizeProfiles } from "../profile/collect.js";
import { renderStatements } from "../profile/statements.js";
import { describeRevision } from "../report/machine.js";
import { summarize } from "../stats.js";
import { BenchReceiver } from "./receiver.js";

const root = resolve(import.meta.dirname, "../../..");
const RATE = Number(process.env.BENCH_WEBHOOKS_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_WEBHOOKS_SECONDS ?? 60);
const BASELINE_SECONDS = Number(process.env.BENCH_WEBHOOKS_BASELINE_SECONDS ?? 20);
const ENDPOINTS = 10;
const log = (line: string) => console.log(`[webhooks ${new Date().toISOString().slice(11, 19)}] ${line}`);
const token = "bench-internal-token-0123456789";
const profileDir =
  process.env.BENCH_PROFILE === "1" ? resolve(root, "bench/profiles", `webhooks-${Date.now()}`) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

const teardown = await globalSetup();
const natsUrl = process.env.NATS_URL ?? "";
const databaseUrl = process.env.DATABASE_URL ?? "";
const namespace = uniqueName("benchwh");
const schema = uniqueName("bench_webhooks");
const organizationId = crypto.randomUUID();
const receiver = await BenchReceiver.start("/e0");
const paths = Array.from({ length: ENDPOINTS }, (_, i) => `/e${i}`);
// The baseline reads a namespace of its own: the service's consumers then start on an empty stream.
const baselineBus = await connectBus({
  url: natsUrl,
  name: "bench-webhooks-baseline",
  namespace: `${namespace}b`,
});
await baselineBus.ensureStream("conversations");
const serviceBus = await connectBus({ url: natsUrl, name: "bench-webhooks", namespace });
await serviceBus.ensureStream("conversations");

const message = () => {
  const at = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    conversation_id: crypto.randomUUID(),
    contact_id: crypto.randomUUID(),
    channel_id: crypto.randomUUID(),
    type: "sms" as const,
    direction: "OUTBOUND" as const,
    body: "Your interview is at 10",
    from: "+14155550100",
    to: "+14155550123",
    delivery_status: "queued" as const,
    attachments: [],
    media: [],
    automated: false,
    created_at: at,
    updated_at: at,
  };
};

/** Publishes at `RATE` for `seconds`, in 50 ms slices; returns each event's commit time by its message's id. */
async function publish(bus: typeof serviceBus, seconds: number): Promise<Map<string, number>> {
  const committed = new Map<string, number>();
  const started = Date.now();
  let sent = 0;
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE);
    const batch: Promise<unknown>[] = [];
    for (; sent < due; sent++) {
      const event = newEvent(MessageCreated, organizationId, message());
      committed.set(event.data.id, Date.parse(event.occurred_at));
      batch.push(bus.publish(event));
    }
    await Promise.all(batch);
    await new Promise((r) => setTimeout(r, 50));
  }
  return committed;
}

const ticks = (pid: number | undefined) => (pid ? (readStat(pid)?.ticks ?? 0) : 0);

function spawn(entry: string, env: Record<string, string>, profiled = false): ChildProcess {
  const profile = profiled && profileDir ? ["--import", resolve(root, "bench/src/profile/preload.mjs")] : [];
  return fork(entry, [], {
    execArgv: ["--import", "tsx", ...profile],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    cwd: root,
  });
}

interface Phase {
  events: number;
  deliveries: number;
  elapsedMs: number;
  cpuMs: number;
  healthy: ReturnType<typeof summarize>;
  failing: ReturnType<typeof summarize>;
}

function measure(
  committed: Map<string, number>,
  ids: Set<string>,
  startTicks: number,
  pid: number,
  elapsedMs: number,
): Phase {
  const healthy: number[] = [];
  const failing: number[] = [];
  let deliveries = 0;
  for (const [key, at] of receiver.first) {
    const [path, id] = key.split(" ");
    if (!id || !ids.has(id)) continue;
    const t = committed.get(id);
    if (t === undefined) continue;
    deliveries++;
    (path === "/e0" ? failing : healthy).push(at - t);
  }
  const cpuMs = ((ticks(pid) - startTicks) * 1000) / CLK_TCK;
  return {
    events: committed.size,
    deliveries,
    elapsedMs,
    cpuMs,
    healthy: summarize(healthy),
    failing: summarize(failing),
  };
}

async function settle(committed: Map<string, number>) {
  const expected = committed.size * ENDPOINTS;
  const ids = new Set(committed.keys());
  await waitFor(
    () => [...receiver.first.keys()].filter((k) => ids.has(k.split(" ")[1] ?? "")).length >= expected,
    {
      timeoutMs: 120_000,
      intervalMs: 500,
    },
  ).catch(() => log("not every first attempt arrived within 120 s"));
  return ids;
}

let baseline: Phase | undefined;
let service: Phase | undefined;
try {
  // Baseline: the same load through the least a forwarder does.
  const forwarder = spawn(resolve(import.meta.dirname, "baseline-forwarder.ts"), {
    NATS_URL: natsUrl,
    NATS_NAMESPACE: `${namespace}b`,
    BASELINE_URLS: paths.map((p) => `${receiver.url}${p}`).join(","),
    BASELINE_SECRET: `whsec_${Buffer.alloc(32, 7).toString("base64")}`,
  });
  await new Promise((r) => forwarder.once("message", r));
  log(`baseline: ${RATE}/s for ${BASELINE_SECONDS} s`);
  let t0 = ticks(forwarder.pid);
  let started = Date.now();
  const baseCommitted = await publish(baselineBus, BASELINE_SECONDS);
  const baseIds = await settle(baseCommitted);
  baseline = measure(baseCommitted, baseIds, t0, forwarder.pid ?? 0, Date.now() - started);
  forwarder.kill("SIGTERM");

  // The webhooks service, as pnpm start runs it.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    join(root, "services/webhooks/src/main.ts"),
    {
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrl,
      NATS_NAMESPACE: namespace,
      DATABASE_SCHEMA: schema,
      INTERNAL_TOKEN: token,
      CREDENTIALS_KEY: Buffer.alloc(32, 9).toString("base64"),
      PORT: String(port),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
      WEBHOOKS_ALLOW_LOCALHOST: "true",
      ...(profileDir ? { BENCH_PROFILE_DIR: profileDir } : {}),
    },
    true,
  );
  await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok, { timeoutMs: 60_000 });
  for (const path of paths) {
    const res = await fetch(`${url}/v1/developers/endpoints`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-internal-token": token,
        "x-organization-id": organizationId,
      },
      body: JSON.stringify({ url: `${receiver.url}${path}`, event_types: ["message.created"] }),
    });
    const body = (await res.json()) as { data: { signing_secret: string } };
    receiver.secrets.set(path, body.data.signing_secret);
  }
  log(`service: ${RATE}/s for ${SECONDS} s`);
  if (profileDir && child.pid) {
    // The start-up and endpoint registration are their own segment; the load is `service`.
    writeFileSync(join(profileDir, "segment"), "service");
    process.kill(child.pid, "SIGUSR2");
  }
  t0 = ticks(child.pid);
  started = Date.now();
  const committed = await publish(serviceBus, SECONDS);
  const ids = await settle(committed);
  service = measure(committed, ids, t0, child.pid ?? 0, Date.now() - started);
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
} finally {
  await receiver.stop();
  await baselineBus.close();
  await serviceBus.close();
  if (!process.env.BENCH_KEEP_SCHEMA) await dropSchemas(schema).catch(() => undefined);
  else log(`schema kept: ${schema}`);
  await teardown?.();
}

const row = (name: string, p: Phase | undefined) =>
  p
    ? `| ${name} | ${p.events} | ${p.deliveries} | ${((p.deliveries * 1000) / p.elapsedMs).toFixed(0)} | ${p.healthy.p50.toFixed(0)} / ${p.healthy.p99.toFixed(0)} | ${p.failing.p50.toFixed(0)} / ${p.failing.p99.toFixed(0)} | ${(p.cpuMs / Math.max(1, p.deliveries)).toFixed(3)} |`
    : `| ${name} | – | – | – | – | – | – |`;
const revision = describeRevision(root);
const report = [
  `# Webhooks fan-out (${new Date().toISOString().slice(0, 10)}, ${JSON.stringify(revision)})`,
  "",
  `${RATE} events/s (message.created) to ${ENDPOINTS} endpoints on one local receiver; /e0 answers 500 throughout.`,
  `Service phase ${SECONDS} s, baseline phase ${BASELINE_SECONDS} s, in this run; ${cpus().length} CPUs, shared.`,
  "Latency: commit (the event's occurred_at) to the first attempt's arrival, ms. CPU: the forwarding process only (/proc ticks), ms per delivery (first attempts; retries to /e0 add CPU not counted as deliveries).",
  "",
  "| process | events | first attempts | deliveries/s | latency healthy p50 / p99 | latency /e0 (500) p50 / p99 | CPU ms / delivery |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  row("baseline forwarder (NATS → sign → POST, no DB)", baseline),
  row("services/webhooks", service),
  "",
  `Signatures checked at the receiver (every 50th request): ${receiver.checked}, bad: ${receiver.badSignatures}.`,
  "",
].join("\n");
console.log(report);
const dir = profileDir ?? resolve(root, "bench/results");
mkdirSync(dir, { recursive: true });
const file = profileDir
  ? join(profileDir, "report.md")
  : join(dir, `${new Date().toISOString().slice(0, 10)}-${revision.sha}-webhooks.md`);
writeFileSync(file, report);
log(`report: ${file}`);
if (profileDir) {
  summarizeProfiles(profileDir, log);
  const statements = renderStatements(profileDir, { service: service?.deliveries ?? 0 });
  console.log(statements);
  writeFileSync(join(profileDir, "statements.md"), statements);
}
process.exit(0);
