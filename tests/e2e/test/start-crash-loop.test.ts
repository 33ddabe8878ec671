import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@relay/testing";
import { afterAll, describe, expect, it } from "vitest";
import { Supervisor } from "../../../scripts/stack/supervisor.js";
import { freePortBlock, isAlive } from "./start-stack.js";

/**
 * The supervisor on its own, with a tiny service that crashes at start while a file exists:
 * a crash loop is retried at the capped delay and said so, and never touches the other service.
 */
const dir = mkdtempSync(join(tmpdir(), "relay-crash-loop-"));
const crashFile = join(dir, "crash");
const entry = join(dir, "service.mjs");
writeFileSync(
  entry,
  `import { existsSync } from "node:fs";
import { createServer } from "node:http";
if (existsSync(process.env.CRASH_FILE)) process.exit(3);
createServer((req, res) => res.end("ok")).listen(Number(process.env.PORT), "127.0.0.1");
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the supervisor", () => {
  it("retries a crash-looping service at the capped delay, and the others keep running", async () => {
    const port = await freePortBlock(2);
    const lines: string[] = [];
    const supervisor = new Supervisor({
      env: { CRASH_FILE: crashFile },
      log: (line) => lines.push(line),
      policy: { initialMs: 50, maxMs: 200, stableMs: 5_000 },
    });
    try {
      await supervisor.start({ name: "flaky", port, env: {}, entry });
      await supervisor.start({
        name: "steady",
        port: port + 1,
        env: { CRASH_FILE: join(dir, "never") },
        entry,
      });
      const { flaky, steady } = supervisor.pids();

      writeFileSync(crashFile, "");
      process.kill(flaky as number, "SIGKILL");
      await waitFor(() => lines.filter((line) => line.includes("keeps crashing")).length >= 3, {
        timeoutMs: 20_000,
        description: `a crash loop:\n${lines.join("\n")}`,
      });
      expect(lines[0]).toMatch(
        /^flaky was killed by SIGKILL after [\d.]+s; restarting it in 0.05s \(restart 1\)$/,
      );
      expect(lines[1]).toMatch(
        /^flaky exited with code 3 after [\d.]+s; restarting it in 0.1s \(restart 2\)$/,
      );
      expect(lines[2]).toMatch(
        /^flaky exited with code 3 after [\d.]+s; restarting it in 0.2s \(restart 3\); it keeps crashing: retrying every 0.2s until it stays up 5s$/,
      );
      expect(lines[3]).toMatch(/restarting it in 0.2s \(restart 4\); it keeps crashing/);

      rmSync(crashFile);
      await waitFor(() => lines.some((line) => /^flaky is ready again \(pid \d+\)$/.test(line)), {
        timeoutMs: 10_000,
      });
      expect(lines.some((line) => line.startsWith("steady"))).toBe(false);
      expect(supervisor.pids().steady).toBe(steady);
    } finally {
      const pids = Object.values(supervisor.pids());
      await supervisor.stop();
      expect(pids.filter(isAlive)).toEqual([]);
    }
    expect(existsSync(crashFile)).toBe(false);
  }, 60_000);
});
