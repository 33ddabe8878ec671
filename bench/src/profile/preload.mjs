// Loaded with NODE_OPTIONS=--import=… into every Node process of the stack when BENCH_PROFILE=1
// (`--cpu-prof` is refused in NODE_OPTIONS): profiles the main thread with node:inspector and
// counts the SQL statements the process sends through `pg`.
// Both are cut in segments: on SIGUSR2 (sent by the bench between phases) the current one is
// written as <name>-<pid>.<segment>.cpuprofile (and .statements.json) and the next, named in
// <dir>/segment, begins; the last is written at exit. The first segment is `startup`.
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
const entry = process.argv[1] ?? "";
// services/<name>/src/main.ts → name; the launcher and sandboxes by their file.
const name =
  /services\/([^/]+)\/src\/main\.ts$/.exec(entry)?.[1] ??
  /fakes\/([^/]+)\/sandbox-main\.ts$/.exec(entry)?.[1]?.concat("-sandbox") ??
  (entry.endsWith("scripts/start.ts") ? "launcher" : undefined);

/** Counts statements by their text (whitespace folded) on the `pg` the service kit's pools use. */
function countStatements() {
  const counts = new Map();
  try {
    const kit = resolve(import.meta.dirname, "../../../packages/service-kit/package.json");
    const pg = createRequire(kit)("pg");
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (config, ...rest) {
      const text = typeof config === "string" ? config : config?.text;
      // Raw text here (cheap); folded when written, so counting costs the profile next to nothing.
      if (typeof text === "string") counts.set(text, (counts.get(text) ?? 0) + 1);
      return query.call(this, config, ...rest);
    };
  } catch {
    // pg not found from the kit: profiles still work, statements are not counted.
  }
  return counts;
}

if (dir && name) {
  const statements = countStatements();
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let segment = "startup";
  // An in-process session answers synchronously, so this works inside an exit handler too.
  const write = () => {
    const base = join(dir, `${name}-${process.pid}.${segment}`);
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(`${base}.cpuprofile`, JSON.stringify(result.profile));
    });
    const folded = {};
    for (const [text, n] of statements) {
      const key = text.replace(/\s+/g, " ").trim().slice(0, 120);
      folded[key] = (folded[key] ?? 0) + n;
    }
    writeFileSync(`${base}.statements.json`, JSON.stringify(folded));
    statements.clear();
  };
  process.on("SIGUSR2", () => {
    write();
    segment = readFileSync(join(dir, "segment"), "utf8").trim() || "next";
    session.post("Profiler.start");
  });
  process.once("exit", write);
}
