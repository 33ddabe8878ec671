import type { CpuUse } from "../cpu/attribute.js";
import type { Parameters } from "../parameters.js";
import type { PhaseResult } from "../phases/context.js";
import type { Summary } from "../stats.js";
import type { Machine, Revision } from "./machine.js";
import { checkTargets, perMessage } from "./targets.js";

export interface Run {
  at: Date;
  machine: Machine;
  revision: Revision;
  parameters: Parameters;
  /** Settings given to the stack beyond `pnpm start`'s defaults, and why. */
  stackEnv: Record<string, string>;
  phases: Record<PhaseResult["path"], PhaseResult>;
  /** The idle stack's CPU in ms per second, and each service's start-up CPU in ms. */
  idle: CpuUse & { seconds: number };
  startup: Record<string, number>;
}

const num = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n)
    ? "—"
    : n >= 100
      ? n.toFixed(0)
      : n >= 10
        ? n.toFixed(1)
        : n.toFixed(2);
const times = (value: number | undefined, base: number | undefined) =>
  value === undefined || base === undefined || !Number.isFinite(value / base) || base === 0
    ? "—"
    : `${(value / base).toFixed(2)}×`;

type Line = [figure: string, value: number | undefined, baseline: number | undefined];

function linesOf(r: PhaseResult, base: PhaseResult): Line[] {
  const lat = (name: string, s: Summary | undefined, b?: Summary): Line[] => [
    [`${name} p50 (ms)`, s?.p50, b?.p50],
    [`${name} p99 (ms)`, s?.p99, b?.p99],
  ];
  const cpu = (use: CpuUse, n: number, key: "stack" | "postgres" | "nats") =>
    n ? (use.groups[key] ?? 0) / n : undefined;
  const b = base.accepted;
  const lines: Line[] = [
    [
      r.path === "inbound"
        ? "acknowledged (req/s)"
        : r.path === "bulk"
          ? "accepted (msg/s)"
          : "accepted (req/s)",
      r.rate,
      base.rate,
    ],
    ...lat(
      r.path === "inbound" ? "ack latency" : r.path === "bulk" ? "batch latency" : "accept latency",
      r.latency,
      r.path === "bulk" ? undefined : base.latency,
    ),
  ];
  if (r.toProvider)
    lines.push(...lat("accept → provider", r.toProvider), ...lat("accept → delivered", r.toDelivered));
  if (r.storedAfterLastAckMs !== undefined)
    lines.push(["all stored after the last ack (ms)", r.storedAfterLastAckMs, undefined]);
  lines.push(
    ["CPU ms per message, total", perMessage(r), perMessage(base)],
    [
      "  of which the stack's processes (baseline: its process)",
      cpu(r.cpu, r.accepted, "stack"),
      b ? (base.cpu.groups.baseline ?? 0) / b : undefined,
    ],
    ["  of which PostgreSQL", cpu(r.cpu, r.accepted, "postgres"), cpu(base.cpu, b, "postgres")],
    ["  of which NATS", cpu(r.cpu, r.accepted, "nats"), undefined],
    [
      "  of all, in the kernel (stime)",
      r.accepted ? r.cpu.kernel / r.accepted : undefined,
      b ? base.cpu.kernel / b : undefined,
    ],
  );
  return lines;
}

function resultsTable(run: Run): string {
  const base = run.phases.baseline;
  const rows = [
    "| path | figure | value | baseline | ratio |",
    "|---|---|--:|--:|--:|",
    `| minimal durable accept | accepted (req/s) | ${num(base.rate)} | | |`,
    `| | accept latency p50 / p99 (ms) | ${num(base.latency?.p50)} / ${num(base.latency?.p99)} | | |`,
    `| | CPU ms per request: process + PostgreSQL = total | ${num((base.cpu.groups.baseline ?? 0) / base.accepted)} + ${num((base.cpu.groups.postgres ?? 0) / base.accepted)} = ${num(perMessage(base))} | | |`,
  ];
  const labels = {
    send: "send",
    inbound: "inbound",
    bulk: "bulk",
    paced: `send, paced at ${run.parameters.pacedRate}/s`,
  };
  for (const path of ["send", "inbound", "bulk", "paced"] as const) {
    const r = run.phases[path];
    const label = labels[path];
    if (r.skipped) {
      rows.push(`| ${label} | skipped: ${r.skipped} | | | |`);
      continue;
    }
    for (const [i, [figure, value, baseline]] of linesOf(r, base).entries())
      rows.push(
        `| ${i === 0 ? label : ""} | ${figure} | ${num(value)} | ${num(baseline)} | ${times(value, baseline)} |`,
      );
    if (r.incomplete) rows.push(`| | **incomplete**: ${r.incomplete} | | | |`);
    if (r.accepted < r.offered)
      rows.push(`| | refused or failed: ${r.offered - r.accepted} of ${r.offered} | | | |`);
  }
  return rows.join("\n");
}

function processTable(run: Run): string {
  const phases = (["baseline", "send", "inbound", "bulk", "paced"] as const)
    .map((p) => run.phases[p])
    .filter((r) => !r.skipped);
  // Every process seen, even one that used nothing measurable (a tick is 10 ms).
  const all = [
    ...new Set([
      ...phases.flatMap((r) => Object.keys(r.cpu.processes)),
      ...Object.keys(run.idle.processes),
      ...Object.keys(run.startup).map((name) => `stack/${name}`),
    ]),
  ].sort();
  const header = `| process | ${phases.map((r) => `${r.path} (ms/msg)`).join(" | ")} | idle (ms/s) | start-up (ms) |`;
  const lines = all.map((name) => {
    // The baseline phase counts its process and PostgreSQL; the others the stack, PostgreSQL, NATS.
    const counted = (r: PhaseResult) =>
      name.startsWith("postgres/") || (r.path === "baseline") === name.startsWith("baseline/");
    const cells = phases.map((r) =>
      counted(r) ? num((r.cpu.processes[name] ?? 0) / (r.accepted || 1)) : "",
    );
    const label = name.replace(/^stack\//, "");
    return `| ${name} | ${cells.join(" | ")} | ${num((run.idle.processes[name] ?? 0) / run.idle.seconds)} | ${num(run.startup[label])} |`;
  });
  const excluded = phases.map((r) => num(r.cpu.otherDatabasesMs / (r.accepted || 1)));
  return [
    header,
    `|---|${phases.map(() => "--:|").join("")}--:|--:|`,
    ...lines,
    `| (left out: other databases' backends) | ${excluded.join(" | ")} | | |`,
  ].join("\n");
}

function dbTable(run: Run): string {
  const phases = (["baseline", "send", "inbound", "bulk", "paced"] as const)
    .map((p) => run.phases[p])
    .filter((r) => r.db);
  const row = (figure: string, cell: (r: PhaseResult) => string) =>
    `| ${figure} | ${phases.map(cell).join(" | ")} |`;
  return [
    `| per message | ${phases.map((r) => r.path).join(" | ")} |`,
    `|---|${phases.map(() => "--:|").join("")}`,
    row("transactions committed", (r) => num(r.db?.commits)),
    row("transactions rolled back", (r) => num(r.db?.rollbacks)),
    row(
      "rows inserted / updated / deleted",
      (r) => `${num(r.db?.inserted)} / ${num(r.db?.updated)} / ${num(r.db?.deleted)}`,
    ),
    row("tables written most (rows)", (r) =>
      (r.db?.tables ?? [])
        .slice(0, 8)
        .map(([name, n]) => `${name} ${num(n)}`)
        .join("<br>"),
    ),
  ].join("\n");
}

export function renderReport(run: Run): string {
  const m = run.machine;
  const p = run.parameters;
  const targets = checkTargets(run.phases, p.channels * p.sendRate);
  const dirty = run.revision.dirty ? ` (+${run.revision.dirty} changed paths in the working tree)` : "";
  return `# pnpm bench: ${run.at.toISOString().slice(0, 16).replace("T", " ")} UTC, ${run.revision.sha}${dirty}

**Machine**: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}; Node ${m.node}, PostgreSQL ${m.postgres}, NATS ${m.nats}; load average ${m.loadAverage.toFixed(2)} at start.

**Parameters**: ${p.messages} sends (to ${Math.min(p.messages, p.recipients)} distinct numbers) and ${p.webhooks} inbound webhooks (from ${p.senders} contacts), ${p.concurrency} concurrent clients, ${p.channels} phone channels (provider \`twilio\`, send_rate ${p.sendRate}) on the bench's Twilio fake; bulk ${p.bulk} in batches of ${p.bulkBatch}, ${p.bulkConcurrency} in flight; the baseline gets ${p.messages} requests from the same ${p.concurrency} clients. Stack: \`pnpm start\`'s defaults${
    Object.keys(run.stackEnv).length
      ? ` except ${Object.entries(run.stackEnv)
          .map(([k, v]) => `\`${k}=${v}\``)
          .join(", ")}`
      : ""
  }; the demo admin is signed in to the web app with its live stream open throughout.${p.profile ? " **Profiled run (BENCH_PROFILE=1): figures carry the profiler's overhead.**" : ""}

## Results

${resultsTable(run)}

CPU is utime+stime from \`/proc/<pid>/stat\`, summed over the launcher and every service process, PostgreSQL's postmaster, the backends of the path's own database and PostgreSQL's shared processes, and \`nats-server\`; per message accepted, from the first request until all are delivered or stored (plus 1 s of tail). Left out: the load generator and the Twilio fake (the client and the provider, both in the bench process), the bench's own database connection, the sandboxes (not on the measured path), and backends of other databases.

## Targets

| target | this run | verdict |
|---|---|---|
${targets.map((t) => `| ${t.target} | ${t.value} | ${t.verdict} |`).join("\n")}

## CPU by process

${processTable(run)}

## Database work

From \`pg_stat_database\` and \`pg_stat_user_tables\`, read after 11 s of quiet (an idle backend flushes its statistics up to 10 s late); the bench's own queries are taken away.

${dbTable(run)}
`;
}
