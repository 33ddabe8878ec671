/**
 * Reads `.cpuprofile` files without a browser: self time by package, file and function.
 * pnpm --filter @relay/bench profile:summary [--top N] <file.cpuprofile | directory>…
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { renderSummary, summarizeProfile } from "./summarize.js";

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) || 30 : 30;
if (args.length === 0) {
  console.error("usage: profile:summary [--top N] <file.cpuprofile | directory>…");
  process.exit(2);
}
const files = args.flatMap((arg) =>
  statSync(arg).isDirectory()
    ? readdirSync(arg)
        .filter((name) => name.endsWith(".cpuprofile"))
        .sort()
        .map((name) => join(arg, name))
    : [arg],
);
for (const file of files) {
  console.log(
    `${renderSummary(basename(file), summarizeProfile(JSON.parse(readFileSync(file, "utf8")), top))}\n`,
  );
}
