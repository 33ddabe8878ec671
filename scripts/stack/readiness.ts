import { describeExit, type Exit, type ServiceProcess } from "./processes.js";

/**
 * Waits until the service's /readyz answers 200, or it exits, or the deadline passes. It probes
 * only once the service has reported its port bound (child-hooks.ts): a connect to a port no
 * one holds can, in the ephemeral range, become a TCP simultaneous open with itself.
 */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const { name, port } = service.spec;
  const deadline = Date.now() + timeoutMs;
  let exit: Exit | undefined;
  void service.exited.then((value) => {
    exit = value;
  });
  let last = "it never reported its port bound";
  while (Date.now() < deadline) {
    if (exit) throw new Error(`${name} ${describeExit(exit)} while starting`);
    if (service.listening.has(port)) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) });
        const body = await res.text();
        if (res.ok) return;
        last = `/readyz answered ${res.status} ${body}`;
      } catch (error) {
        last = `/readyz failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not ready after ${timeoutMs / 1000}s (${last})`);
}
