import { createServer } from "node:net";
import { waitFor } from "@relay/testing";
import { describe, expect, it } from "vitest";
import { SANDBOXES, SERVICES } from "../../../topology/index.js";
import { isAlive, prepareStack, processesOf, type StackEnv, startStack } from "./start-stack.js";

/** However `pnpm start` ends, no service outlives it. Each test runs a stack of its own. */
async function withStack(prefix: string, test: (stack: StackEnv) => Promise<void>): Promise<void> {
  const stack = await prepareStack(prefix);
  try {
    await test(stack);
  } finally {
    await stack.cleanup();
  }
}

describe("pnpm start stops every service", () => {
  it(
    "on a terminal's Ctrl-C (SIGINT to pnpm's process group): exit 0, no ELIFECYCLE",
    () =>
      withStack("relay_ctrl_c", async (stack) => {
        const run = startStack(stack, { via: "pnpm", group: true });
        let services: number[] = [];
        try {
          await run.key();
          services = Object.values(run.processes().services);
          expect(services).toHaveLength(SERVICES.length + SANDBOXES.length);
        } finally {
          // What the terminal does: the signal goes to every process of the foreground job.
          if (run.child.pid) process.kill(-run.child.pid, "SIGINT");
        }
        expect(await run.exit).toEqual({ code: 0, signal: null });
        expect(run.output()).toContain("stopping all services");
        expect(run.output()).not.toMatch(/ELIFECYCLE|Command failed/);
        // The terminal's SIGINT and pnpm's forwarded one are one request, not an impatient second.
        expect(run.output()).not.toMatch(/killing every service now/);
        expect(services.filter(isAlive)).toEqual([]);
        expect(processesOf(stack.namespace)).toEqual([]);
      }),
    180_000,
  );

  it.each([
    ["the launcher itself", "node"],
    ["pnpm, the launcher's parent", "pnpm"],
  ] as const)(
    "when %s is killed (SIGKILL): the rest notice and stop on their own",
    (_, via) =>
      withStack(`relay_orphans_${via}`, async (stack) => {
        const run = startStack(stack, { via });
        try {
          await run.key();
        } finally {
          run.child.kill("SIGKILL");
        }
        await run.exit;
        await waitFor(() => processesOf(stack.namespace).length === 0, {
          timeoutMs: 20_000,
          description: `the orphaned services to stop: ${processesOf(stack.namespace).join(", ")}`,
        });
      }),
    180_000,
  );

  it(
    "when a service cannot start: says why, stops the ones started, exits 1",
    () =>
      withStack("relay_no_start", async (stack) => {
        // Something else holds core's port.
        const squatter = createServer();
        await new Promise<void>((done) => squatter.listen(stack.ports.CORE_PORT, "127.0.0.1", done));
        try {
          const run = startStack(stack);
          expect((await run.exit).code).toBe(1);
          expect(run.output()).toMatch(/EADDRINUSE/);
          expect(run.output()).toMatch(/pnpm start: core exited with code 1 while starting/);
          expect(run.output()).not.toMatch(/restarting it in/);
          expect(processesOf(stack.namespace)).toEqual([]);
        } finally {
          squatter.close();
        }
      }),
    120_000,
  );
});
