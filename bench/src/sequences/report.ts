import type { CpuUse } from "../cpu/attribute.js";
import type { Machine, Revision } from "../report/machine.js";
import { summarize } from "../stats.js";
import type { FireResult } from "./fire.js";
import type { SequencesParameters } from "./parameters.js";

/** One phase of one side (the stack, or the baseline), reduced to the report's figures. */
export interface PhaseFigures {
  steps: number;
  refused: number;
  /** Due → handed off (the baseline: due → done), ms. */
  lateness: ReturnType<typeof summarize>;
  /** Due → claimed by a pass (the stack only). */
  claim?: ReturnType<typeof summarize>;
  /** Steps over (last hand-off − first due). */
  perSecond: number;
  /** Counted CPU per step, ms: the total, and by process. */
  cpuPerStep: number;
  cpuByProcess: Record<string, number>;
  /** Stack processes not counted (other services), ms in all. */
  otherMs: number;
}

/** What the issue counts for the stack: sequences, conversations, PostgreSQL and NATS. */
const COUNTED = /^(stack\/(sequences|conversations)|postgres\/|nats\/|baseline\/)/;

export function figures(
  side: { due: number[]; handed: number[]; claimed?: number[]; refused: number },
  cpu: CpuUse,
): PhaseFigures {
  const late = side.handed.map((at, i) => at - (side.due[i] ?? 0));
  const steps = side.handed.length;
  const first = Math.min(...side.due);
  const last = Math.max(...side.handed);
  let counted = 0;
  let otherMs = 0;
  const cpuByProcess: Record<string, number> = {};
  for (const [name, ms] of Object.entries(cpu.processes)) {
    if (!COUNTED.test(name)) {
      otherMs += ms;
      continue;
    }
    counted += ms;
    const group = name.startsWith("postgres/") ? "postgres" : name;
    cpuByProcess[group] = (cpuByProcess[group] ?? 0) + ms / steps;
  }
  return {
    steps,
    refused: side.refused,
    lateness: summarize(late),
    ...(side.claimed && { claim: summarize(side.claimed.map((at, i) => at - (side.due[i] ?? 0))) }),
    perSecond: (steps * 1000) / Math.max(1, last - first),
    cpuPerStep: counted / steps,
    cpuByProcess,
    otherMs,
  };
}

export const fromFire = (r: FireResult) => figures(r, r.cpu);

export interface SequencesRun {
  at: Date;
  machine: Machine;
  revision: Revision;
  parameters: SequencesParameters;
  stackEnv: Record<string, string>;
  seedMs: { contacts: number; runs: number };
  spread: { stack: PhaseFigures; baseline: PhaseFigures };
  burst: { stack: PhaseFigures; baseline: PhaseFigures };
}

const ms = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : "—");
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

function phaseTable(title: string, stack: PhaseFigures, baseline: PhaseFigures): string {
  const processes = [
    ...new Set([...Object.keys(stack.cpuByProcess), ...Object.keys(baseline.cpuByProcess)]),
  ].sort();
  const row = (label: string, f: PhaseFigures) =>
    `| ${label} | ${f.steps} | ${ms(f.lateness.p50)} | ${ms(f.lateness.p99)} | ${ms(f.lateness.max)} | ${f.claim ? `${ms(f.claim.p50)} / ${ms(f.claim.p99)}` : "—"} | ${f.perSecond.toFixed(0)} | ${fixed(f.cpuPerStep, 3)} |`;
  return [
    `### ${title}`,
    "",
    "| | steps | lateness p50 ms | p99 ms | max ms | claimed p50 / p99 ms | steps/s | CPU ms/step |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    row("stack (sequences → conversations' bulk path)", stack),
    row("baseline (claim skip locked + outbox row)", baseline),
    `| stack ÷ baseline | | | | | | ${fixed(stack.perSecond / baseline.perSecond)}× | ${fixed(stack.cpuPerStep / baseline.cpuPerStep, 1)}× |`,
    "",
    `CPU ms per step by process: ${processes.map((p) => `${p} ${fixed(stack.cpuByProcess[p] ?? 0, 3)}${baseline.cpuByProcess[p] ? ` (baseline ${fixed(baseline.cpuByProcess[p] ?? 0, 3)})` : ""}`).join(", ")}.`,
    `Other stack processes, not counted: ${ms(stack.otherMs)} ms in all. Refused by the bulk path: ${stack.refused}.`,
  ].join("\n");
}

export function renderSequencesReport(r: SequencesRun): string {
  const p = r.parameters;
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  return [
    `# Sequences timers benchmark (${r.at.toISOString().slice(0, 10)}, ${r.revision.sha}${r.revision.dirty ? `, ${r.revision.dirty} paths changed` : ""})`,
    "",
    `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Linux ${r.machine.kernel}, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}, NATS ${r.machine.nats}; load average ${r.machine.loadAverage.toFixed(1)} at the start.`,
    `Parameters: ${JSON.stringify(p)}; stack settings ${JSON.stringify(r.stackEnv)}.`,
    "",
    `The stack as \`pnpm start\` runs it; ${p.runs} runs per phase inserted straight into the sequences' tables (SQL, ${(r.seedMs.runs / 1000).toFixed(1)} s for both phases; an enrollment through the API would take longer than the phases), each resting on a pending send to one of ${2 * p.runs} contacts seeded by SQL (${(r.seedMs.contacts / 1000).toFixed(1)} s). Lateness: conversations' message \`created_at\` (the hand-off) minus the step's due time; claimed: the pass's clock (the step's \`done_at\`) minus due. Steps/s: steps over last hand-off − first due. CPU: sequences, conversations, PostgreSQL (the stack database's backends and the shared processes), NATS, from the first due time until every step is done and both outboxes are empty. The baseline (same run, its own database): one process claiming due rows \`for update skip locked\`, ${p.batch} at a time, marking them done and inserting one outbox row each per transaction, polling every ${p.intervalMs} ms when a batch is not full.`,
    "",
    `Targets: p99 lateness ≤ 1 s (spread): ${verdict(r.spread.stack.lateness.p99 <= 1000)} (${ms(r.spread.stack.lateness.p99)} ms); ≥ 2,000 steps/s (burst): ${verdict(r.burst.stack.perSecond >= 2000)} (${r.burst.stack.perSecond.toFixed(0)}/s).`,
    "",
    phaseTable(`Spread: ${p.runs} due evenly over ${p.spreadSeconds} s`, r.spread.stack, r.spread.baseline),
    "",
    phaseTable(`Burst: ${p.runs} due at the same instant`, r.burst.stack, r.burst.baseline),
    "",
  ].join("\n");
}
