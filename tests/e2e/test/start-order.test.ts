import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Supervisor } from "../../../scripts/stack/supervisor.js";
import { freePortBlock, isAlive } from "./start-stack.js";

/**
 * The supervisor on its own, with tiny services that note when SIGTERM reaches them: `stop()`
 * stops them one at a time in reverse start order (a service stops before those it calls).
 */
const dir = mkdtempSync(join(tmpdir(), "relay-stop-order-"));
const log = join(dir, "stopped");
const entry = join(dir, "service.mjs");
writeFileSync(
  entry,
  `import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
const server = createServer((req, res) => res.end("ok")).listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => {
  appendFileSync(process.env.STOP_LOG, "term " + process.env.NAME + "\\n");
  // Slow enough that a supervisor not waiting for each exit would signal the next one first.
  setTimeout(() => {
    appendFileSync(process.env.STOP_LOG, "exit " + process.env.NAME + "\\n");
    server.close();
    process.exit(0);
  }, 150);
});
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the supervisor stops", () => {
  it("every service in reverse start order, each after the one started after it has exited", async () => {
    const port = await freePortBlock(3);
    const supervisor = new Supervisor({ env: { STOP_LOG: log }, log: () => undefined });
    const names = ["first", "second", "third"];
    for (const [i, name] of names.entries())
      await supervisor.start({ name, port: port + i, env: { NAME: name }, entry });
    const pids = Object.values(supervisor.pids());
    expect(pids).toHaveLength(3);

    await supervisor.stop();
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      "term third",
      "exit third",
      "term second",
      "exit second",
      "term first",
      "exit first",
    ]);
    expect(pids.filter(isAlive)).toEqual([]);
  }, 30_000);
});
