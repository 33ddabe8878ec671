import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

export interface Row {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  /** The machine's baseline for the same work, when there is one. */
  baseline?: number;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** Prints the rows as a table (with the ratio to the baseline) and writes them as JSON. */
export function report(rows: Row[], parameters: Record<string, unknown>, resultsDir: string): string {
  const header = ["benchmark", "metric", "value", "unit", "baseline", "ratio"];
  const lines = rows.map((r) => [
    r.benchmark,
    r.metric,
    fmt(r.value),
    r.unit,
    r.baseline === undefined ? "" : fmt(r.baseline),
    r.baseline === undefined ? "" : `${((r.value / r.baseline) * 100).toFixed(1)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const table = [render(header), render(widths.map((w) => "-".repeat(w))), ...lines.map(render)].join("\n");
  console.log(`\n${table}\n`);

  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), machine, parameters, rows }, null, 2)}\n`,
  );
  console.log(`results written to ${file}`);
  return table;
}
