import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** `<name>-<pid>.<segment>.statements.json` files (see preload.mjs) → statements per message, as markdown. */
export function renderStatements(dir: string, messages: Record<string, number>): string {
  const counts = new Map<string, Map<string, Record<string, number>>>(); // segment → service → text → n
  for (const file of readdirSync(dir)) {
    const match = /^(.+)-\d+\.([a-z]+)\.statements\.json$/.exec(file);
    if (!match?.[1] || !match[2] || /sandbox|launcher/.test(match[1])) continue;
    const bySegment = counts.get(match[2]) ?? new Map();
    bySegment.set(match[1], JSON.parse(readFileSync(join(dir, file), "utf8")));
    counts.set(match[2], bySegment);
  }
  const phases = Object.keys(messages).filter((phase) => counts.has(phase) && (messages[phase] ?? 0) > 0);
  const services = [...new Set(phases.flatMap((phase) => [...(counts.get(phase)?.keys() ?? [])]))].sort();
  const sum = (texts: Record<string, number> | undefined) =>
    Object.values(texts ?? {}).reduce((a, b) => a + b, 0);
  const per = (phase: string, n: number) => (n / (messages[phase] ?? 1)).toFixed(2);
  const lines = [
    `| statements per message | ${phases.join(" | ")} |`,
    `|---|${phases.map(() => "--:|").join("")}`,
    ...services.map(
      (service) =>
        `| ${service} | ${phases.map((phase) => per(phase, sum(counts.get(phase)?.get(service)))).join(" | ")} |`,
    ),
    `| all services | ${phases
      .map((phase) =>
        per(
          phase,
          [...(counts.get(phase)?.values() ?? [])].reduce((a, t) => a + sum(t), 0),
        ),
      )
      .join(" | ")} |`,
  ];
  for (const phase of phases) {
    lines.push("", `Most frequent in \`${phase}\` (per message):`, "");
    const all = [...(counts.get(phase) ?? [])].flatMap(([service, texts]) =>
      Object.entries(texts).map(([text, n]) => [service, text, n] as const),
    );
    for (const [service, text, n] of all.sort((a, b) => b[2] - a[2]).slice(0, 15))
      lines.push(`- ${per(phase, n)} ${service}: \`${text.replaceAll("`", "'")}\``);
  }
  return lines.join("\n");
}
