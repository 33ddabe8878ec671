import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, prepareStack, processesOf, type StackEnv, startStack } from "./start-stack.js";

/** `pnpm start` keeps its services up: one killed comes back while the others serve on. */
let stack: StackEnv;
beforeAll(async () => {
  stack = await prepareStack("relay_supervisor");
});
afterAll(() => stack.cleanup());

describe("pnpm start supervises its services", () => {
  it("restarts a killed service (core, then the gateway) alone, and SIGTERM stops every one", async () => {
    const run = startStack(stack);
    let services: number[] = [];
    try {
      const key = await run.key();
      const channels = () =>
        fetch(`${stack.gatewayUrl}/v1/channels`, { headers: { "x-whippy-key": key } }).then(
          (res) => res.status,
          () => 0,
        );
      expect(await channels()).toBe(200);
      const before = run.processes().services;

      for (const name of ["core", "gateway"]) {
        process.kill(before[name] as number, "SIGKILL");
        await waitFor(() => run.output().includes(`pnpm start: ${name} is ready again`), {
          timeoutMs: 20_000,
          description: `${name} to be restarted:\n${run.output()}`,
        });
        expect(run.output()).toMatch(
          new RegExp(`pnpm start: ${name} was killed by SIGKILL after [\\d.]+s; restarting it in 0.5s`),
        );
        await waitFor(async () => (await channels()) === 200, { timeoutMs: 10_000 });
      }

      const after = run.processes().services;
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const [name, pid] of Object.entries(after)) {
        if (name === "core" || name === "gateway") expect(pid).not.toBe(before[name]);
        else expect(pid, `${name} was not restarted`).toBe(before[name]);
      }
      expect(run.output().match(/restarting it in/g)).toHaveLength(2);
      services = Object.values(after);
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain("stopping all services");
    // No restart while stopping.
    expect(run.output().match(/restarting it in/g)).toHaveLength(2);
    expect(services.filter(isAlive)).toEqual([]);
    expect(processesOf(stack.namespace)).toEqual([]);
  }, 180_000);
});
