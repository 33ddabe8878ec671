import type { CpuUse } from "../cpu/attribute.js";
import type { PhaseResult } from "../phases/context.js";
import type { Machine, Revision } from "../report/machine.js";
import type { BaselineRun } from "./baselines.js";
import type { DispatchResult } from "./dispatch.js";
import type { CampaignParameters } from "./parameters.js";
import type { QueueResult } from "./queue.js";
import { median, type RateStats } from "./rates.js";
import type { SeedResult } from "./seed.js";

export interface CampaignRun {
  at: Date;
  machine: Machine;
  revision: Revision;
  parameters: CampaignParameters;
  stackEnv: Record<string, string>;
  seed: SeedResult;
  accept: PhaseResult;
  insert: BaselineRun;
  read: BaselineRun;
  queue: QueueResult;
  /** The pacing check (pacing binds), when run. */
  pacing?: DispatchResult;
  dispatch: DispatchResult;
  /** RSS of each service with the stack idle before the phases, bytes. */
  idleRss: Record<string, number>;
  /** Services restarted while measured (their RSS and CPU start over). */
  restarted: string[];
}

const num = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n)
    ? "—"
    : Math.abs(n) >= 100
      ? n.toFixed(0)
      : Math.abs(n) >= 10
        ? n.toFixed(1)
        : n.toFixed(2);
const secs = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? "—" : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const mib = (bytes: number | undefined) =>
  bytes === undefined ? "—" : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const times = (value: number | undefined, base: number | undefined) =>
  value === undefined || base === undefined || !base || !Number.isFinite(value / base)
    ? "—"
    : `${(value / base).toFixed(2)}×`;
const perUnit = (cpu: CpuUse, n: number) => (n ? cpu.total / n : Number.NaN);
const group = (cpu: CpuUse, key: "stack" | "postgres" | "nats" | "baseline", n: number) =>
  n ? (cpu.groups[key] ?? 0) / n : Number.NaN;
const split = (cpu: CpuUse, n: number) =>
  `${num(group(cpu, "stack", n))} + ${num(group(cpu, "postgres", n))} + ${num(group(cpu, "nats", n))} = ${num(perUnit(cpu, n))}`;
const baseSplit = (cpu: CpuUse, n: number) =>
  `${num(group(cpu, "baseline", n))} + ${num(group(cpu, "postgres", n))} = ${num(perUnit(cpu, n))}`;

function verdict(met: boolean, problem?: string) {
  return problem ? "not met (incomplete)" : met ? "met" : "not met";
}

function bucketLine(r: RateStats) {
  if (!r.buckets.length) return "—";
  return `${num(Math.min(...r.buckets))} / ${num(median(r.buckets))} / ${num(Math.max(...r.buckets))}`;
}

function resultsTable(run: CampaignRun): string {
  const { queue: q, dispatch: d, insert, read, accept, parameters: p } = run;
  const pacing = p.channels * p.sendRate;
  const n = q.audience;
  const channelRates = d.channels.map((c) => c.handover.sustained / c.setRate);
  const providerRates = d.channels.map((c) => c.provider.sustained / c.setRate);
  const within = channelRates.every((r) => Math.abs(r - 1) <= 0.05);
  const acceptCpu = perUnit(accept.cpu, accept.accepted);
  const rows: string[] = [
    "| figure | value | baseline | ratio | target | met? |",
    "|---|--:|--:|--:|---|---|",
    `| **queue**: ${n} recipients durably queued, send request → last row committed | ${secs(q.total.ms)} | raw insert ${secs(insert.ms)} | ${times(q.total.ms, insert.ms)} | ≤ 10 × raw insert | ${verdict(q.total.ms <= 10 * insert.ms, q.total.problem ?? q.sendCall.problem)} |`,
    `| &nbsp;&nbsp;of which the audience check: send request → send committed | ${secs(q.check.ms)} | | ${times(q.check.ms, insert.ms)} | | |`,
    `| &nbsp;&nbsp;of which storing: send committed → last row committed | ${secs(q.store.ms)} | ${secs(insert.ms)} | ${times(q.store.ms, insert.ms)} | | |`,
    `| &nbsp;&nbsp;the send's answer to the client | ${secs(q.sendCall.ms)}: ${q.sendCall.problem ? q.sendCall.problem.slice(0, 160).replaceAll("|", "/") : "200"} | | | | |`,
    `| &nbsp;&nbsp;recipients stored (per second) | ${q.store.stored} (${num((q.store.stored * 1000) / q.store.ms)}/s) | ${insert.rows} (${num((insert.rows * 1000) / insert.ms)}/s) | | | |`,
    `| queue CPU ms per recipient, send request → stored: stack + PostgreSQL + NATS = total (baseline: process + PostgreSQL) | ${split(q.total.cpu, n)} | ${baseSplit(insert.cpu, insert.rows)} | ${times(perUnit(q.total.cpu, n), perUnit(insert.cpu, insert.rows))} | | |`,
    `| &nbsp;&nbsp;storing only (send committed → stored) | ${split(q.store.cpu, n)} | ${num(perUnit(insert.cpu, insert.rows))} | ${times(perUnit(q.store.cpu, n), perUnit(insert.cpu, insert.rows))} | | |`,
    `| **preview** of ${n} recipients (\`GET …/preview\`) | ${secs(q.preview.ms)}${q.preview.problem ? ` (${q.preview.problem.slice(0, 160).replaceAll("|", "/")})` : ""} | raw paged read ${secs(read.ms)} | ${times(q.preview.ms, read.ms)} | | |`,
    `| &nbsp;&nbsp;CPU ms per recipient: stack + PostgreSQL + NATS = total | ${split(q.preview.cpu, n)} | | | | |`,
    `| **dispatch**: handed to the bulk path, sustained (msg/s, middle 80%) | ${num(d.handover.sustained)} | pacing ${pacing} | ${times(d.handover.sustained, pacing)} | ≥ 1,000 msg/s | ${verdict(d.handover.sustained >= 1000)} |`,
    `| &nbsp;&nbsp;overall (first → last hand-over); 5 s buckets min / median / max | ${num(d.handover.overall)}; ${bucketLine(d.handover)} | ${pacing} | ${times(d.handover.overall, pacing)} | | |`,
    `| &nbsp;&nbsp;handed over / planned in the window | ${d.handedOver} / ${d.planned} in ${secs(d.windowMs)}${d.completed ? "" : " (window ended: paused)"} | | | | |`,
    `| dispatch: reaching the Twilio fake, sustained (msg/s) | ${num(d.provider.sustained)} | ${pacing} | ${times(d.provider.sustained, pacing)} | | |`,
    `| &nbsp;&nbsp;overall; 5 s buckets min / median / max | ${num(d.provider.overall)}; ${bucketLine(d.provider)} | | | | |`,
    `| dispatch: per channel, hand-over rate ÷ set rate (min – max over ${d.channels.length}) | ${num(Math.min(...channelRates))} – ${num(Math.max(...channelRates))} | ${p.sendRate}/s each | | within ±5% | ${verdict(within)} |`,
    `| &nbsp;&nbsp;at the Twilio fake ÷ set rate (min – max) | ${num(Math.min(...providerRates))} – ${num(Math.max(...providerRates))} | | | | |`,
    ...pacingRows(run),
    `| dispatch CPU ms per message, first send → all at the provider: stack + PostgreSQL + NATS = total (baseline: minimal durable accept per request) | ${split(d.cpu, d.handedOver)} | ${baseSplit(accept.cpu, accept.accepted)} | ${times(perUnit(d.cpu, d.handedOver), acceptCpu)} | | |`,
    `| **peak RSS of the campaigns service**: preview / send + store / dispatch | ${mib(q.preview.rss.campaigns)} / ${mib(q.total.rss.campaigns)} / ${mib(d.rss.campaigns)} | idle ${mib(run.idleRss.campaigns)} | ${times(Math.max(q.preview.rss.campaigns ?? 0, q.total.rss.campaigns ?? 0, d.rss.campaigns ?? 0), run.idleRss.campaigns)} | | |`,
    `| minimal durable accept (baseline b) | ${num(accept.rate)} req/s; p50 / p99 ${num(accept.latency?.p50)} / ${num(accept.latency?.p99)} ms | | | | |`,
  ];
  if (d.notAtProvider)
    rows.push(
      `| | **incomplete**: ${d.notAtProvider} handed over had not reached the Twilio fake ${p.drainSeconds} s after hand-over ended | | | | |`,
    );
  if (d.pending) rows.push(`| | ${d.pending} recipients still pending when the window ended | | | | |`);
  const skipped = Object.entries(d.skipped);
  if (skipped.length)
    rows.push(
      `| | skipped (refused by the bulk path): ${skipped.map(([k, v]) => `${k} ${v}`).join(", ")} | | | | |`,
    );
  if (q.sendCall.problem) rows.push(`| | send: ${q.sendCall.problem.slice(0, 200)} | | | | |`);
  if (q.total.problem) rows.push(`| | queue: ${q.total.problem} | | | | |`);
  return rows.join("\n");
}

/** The pacing check: channels at a rate the stack can keep up with, so the rate achieved is pacing's alone. */
function pacingRows(run: CampaignRun): string[] {
  const g = run.pacing;
  if (!g) return [];
  const rate = run.parameters.pacingRate;
  const handover = g.channels.map((c) => c.handover.sustained / c.setRate);
  const provider = g.channels.map((c) => c.provider.sustained / c.setRate);
  const within = handover.every((r) => Math.abs(r - 1) <= 0.05);
  return [
    `| **pacing check**: ${g.channels.length} more channels at send_rate ${rate} (${g.channels.length * rate} msg/s in all, pacing binds), per channel hand-over rate ÷ set rate (min – max) | ${num(Math.min(...handover))} – ${num(Math.max(...handover))} | ${rate}/s each | | within ±5% | ${verdict(within)} |`,
    `| &nbsp;&nbsp;at the Twilio fake ÷ set rate (min – max); all channels: handed over / at the fake msg/s | ${num(Math.min(...provider))} – ${num(Math.max(...provider))}; ${num(g.handover.sustained)} / ${num(g.provider.sustained)} | ${g.channels.length * rate} | | | |`,
  ];
}

function channelTable(d: DispatchResult): string {
  const rows = [
    "| channel | handed over | hand-over msg/s (sustained) | ÷ set | batches | median batch | median ms between batches | at the fake | fake msg/s (sustained) | ÷ set |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const c of d.channels)
    rows.push(
      `| ${c.phone} | ${c.handover.count} | ${num(c.handover.sustained)} | ${num(c.handover.sustained / c.setRate)} | ${c.batches.count} | ${num(c.batches.size)} | ${num(c.batches.periodMs)} | ${c.provider.count} | ${num(c.provider.sustained)} | ${num(c.provider.sustained / c.setRate)} |`,
    );
  const size = median(d.channels.map((c) => c.batches.size));
  const period = median(d.channels.map((c) => c.batches.periodMs));
  const rate = d.channels[0]?.setRate ?? 0;
  rows.push(
    "",
    `Median over the channels: a batch of ${num(size)} (the pacing clock's 1 s of burst is ${num(rate)}) every ${num(period)} ms (how long the dispatcher took to come back to the channel), i.e. ${num((size * 1000) / period)} msg/s against ${num(rate)} set.`,
  );
  return rows.join("\n");
}

function processTable(run: CampaignRun): string {
  const { queue: q, dispatch: d } = run;
  const columns: Array<[string, CpuUse, number]> = [
    ["preview (ms/recipient)", q.preview.cpu, q.audience],
    ["send's check (ms/recipient)", q.check.cpu, q.audience],
    ["storing (ms/recipient)", q.store.cpu, q.audience],
    ...(run.pacing
      ? [["pacing (ms/message)", run.pacing.cpu, run.pacing.handedOver] as [string, CpuUse, number]]
      : []),
    ["dispatch (ms/message)", d.cpu, d.handedOver],
  ];
  const names = [...new Set(columns.flatMap(([, cpu]) => Object.keys(cpu.processes)))].sort();
  const rows = [
    `| process | ${columns.map(([name]) => name).join(" | ")} | RSS idle | RSS peak (dispatch) |`,
    `|---|${columns.map(() => "--:|").join("")}--:|--:|`,
  ];
  for (const name of names) {
    const service = name.replace(/^stack\//, "");
    const rss = name.startsWith("stack/") && service !== "launcher";
    rows.push(
      `| ${name} | ${columns.map(([, cpu, n]) => num((cpu.processes[name] ?? 0) / (n || 1))).join(" | ")} | ${rss ? mib(run.idleRss[service]) : ""} | ${rss ? mib(d.rss[service]) : ""} |`,
    );
  }
  rows.push(
    `| (left out: other databases' backends) | ${columns.map(([, cpu, n]) => num(cpu.otherDatabasesMs / (n || 1))).join(" | ")} | | |`,
  );
  return rows.join("\n");
}

export function renderCampaignReport(run: CampaignRun): string {
  const m = run.machine;
  const p = run.parameters;
  const d = run.dispatch;
  const dirty = run.revision.dirty ? ` (+${run.revision.dirty} changed paths in the working tree)` : "";
  const env = Object.entries(run.stackEnv)
    .map(([k, v]) => `\`${k}=${v}\``)
    .join(", ");
  const seedHow =
    run.seed.how === "sql"
      ? "straight into core's `contacts` (as core stores an imported contact) and conversations' contacts projection (as its consumer leaves it once caught up), no events: setup, not measured"
      : "through core's bulk import `PUT /v1/contacts/upsert` (1,000 a call), until conversations' projection had them all";
  return `# Campaign bench: ${run.at.toISOString().slice(0, 16).replace("T", " ")} UTC, ${run.revision.sha}${dirty}

**Machine**: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}; Node ${m.node}, PostgreSQL ${m.postgres}, NATS ${m.nats}; load average ${m.loadAverage.toFixed(2)} at start.

**Parameters**: ${p.recipients} contacts seeded in ${secs(run.seed.ms)}, ${seedHow}. **Queue**: one SMS campaign over all of them (by tag), personalized body, sending window 00:00–23:59, sent with a schedule a day ahead so that storing its recipients is all that runs. **Dispatch**: ${p.channels} phone channels (provider \`twilio\`, on the bench's Twilio fake) at send_rate ${p.sendRate} = ${p.channels * p.sendRate} msg/s of pacing, one campaign each over ${Math.floor(p.dispatch / p.channels)} recipients (${p.dispatch} in all), all sent at once, for at most ${p.windowSeconds} s (then paused), then ≤ ${p.drainSeconds} s for what was handed over to reach the fake.${run.pacing ? ` **Pacing check** (before the dispatch): ${run.pacing.channels.length} more channels at send_rate ${p.pacingRate}, one campaign each over ${Math.floor(run.pacing.planned / run.pacing.channels.length)} recipients, ${p.pacingSeconds} s.` : ""} **Baselines**, same run: (a) raw multi-row insert of ${run.insert.rows} rows into a copy of \`campaign_recipients\` (same columns, keys, indexes, foreign key; rows as wide as the service's), ${p.insertBatch} rows a statement, each statement committed, from a process and database of its own; (b) the minimal durable accept (\`bench/src/baseline\`), ${p.acceptRequests} requests from ${p.concurrency} clients; and for the preview, a raw keyset-paged read (500 a page, core's audience columns) of the same contacts from a process of its own. Stack: \`pnpm start\`'s defaults except ${env}; \`INTERNAL_TOKEN\` is the bench's own, to time a preview at the campaigns service when the gateway gives up on it.${p.profile ? " **Profiled run (BENCH_PROFILE=1): figures carry the profiler's overhead.**" : ""}

## Results

${resultsTable(run)}

Hand-over times are the recipients' \`dispatched_at\` (stamped when the dispatcher takes the batch, just before its bulk call); arrivals are the Twilio fake's receive times. "Sustained" is the middle 80% of the events (10th to 90th percentile) over the time between them; a channel's rate is its own middle 80%. CPU is utime+stime from \`/proc/<pid>/stat\`, summed over the launcher and every service process, PostgreSQL's postmaster, the backends of the stack's database and PostgreSQL's shared processes, and \`nats-server\` (the baselines: their process, their database's backends and the shared processes). Left out: the bench process (the client and the Twilio fake), its own database connection, the sandboxes, backends of other databases. RSS is VmRSS from \`/proc/<pid>/status\`, sampled every 250 ms.${run.restarted.length ? ` **Restarted while measured: ${run.restarted.join(", ")}.**` : ""}

## Per channel (dispatch)

${channelTable(d)}

Hand-over msg/s in 5 s buckets (all channels): ${d.handover.buckets.map((b) => num(b)).join(", ") || "—"}.
At the Twilio fake: ${d.provider.buckets.map((b) => num(b)).join(", ") || "—"}.
${d.allStoredMs !== undefined ? `Every dispatch campaign's audience was stored ${secs(d.allStoredMs)} after the first send request.` : "Not every dispatch campaign's audience was stored within the window."} Send answers: ${num(Math.min(...d.sendCallsMs))}–${num(Math.max(...d.sendCallsMs))} ms.

${run.pacing ? `## Per channel (pacing check, send_rate ${p.pacingRate})\n\n${channelTable(run.pacing)}\n\n` : ""}## CPU and memory by process

${processTable(run)}
`;
}
