import { resolve } from "node:path";
import { freePort, serviceTestEnv } from "@relay/testing";
import { type ServiceProcess, signal, spawnService, stopProcess } from "../../../scripts/stack/processes.js";
import { waitUntilReady } from "../../../scripts/stack/readiness.js";

const ENTRY = resolve(import.meta.dirname, "../src/main.ts");

/** The sequences service in a process of its own (its main.ts, as `pnpm start` runs it), ready. */
export async function startSequencesProcess(options: {
  schema: string;
  namespace: string;
  conversationsUrl: string;
  /** Settings beside the test env: the timer pass's, CLOCK_OFFSET_MS. */
  env?: Record<string, string>;
}): Promise<RunningSequences> {
  const port = await freePort();
  const env = serviceTestEnv({
    schema: options.schema,
    namespace: options.namespace,
    extra: { CONVERSATIONS_URL: options.conversationsUrl, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn" },
  });
  const service = spawnService({ name: "sequences", port, entry: ENTRY, env: options.env ?? {} }, 0, env);
  try {
    await waitUntilReady(service, 60_000);
  } catch (error) {
    signal(service, "SIGKILL");
    throw error;
  }
  return new RunningSequences(service);
}

/** Starts the service's process on one schema and namespace again and again, its clock `offsetMs` ahead. */
export const processStarter =
  (options: { schema: string; namespace: string; conversationsUrl: string; env?: Record<string, string> }) =>
  (offsetMs: number) =>
    startSequencesProcess({
      ...options,
      env: { TIMER_INTERVAL_MS: "50", CLOCK_OFFSET_MS: String(offsetMs), ...options.env },
    });

export class RunningSequences {
  constructor(readonly service: ServiceProcess) {}

  /** kill -9: no shutdown hook runs, open transactions are cut off by PostgreSQL. */
  async kill(): Promise<void> {
    signal(this.service, "SIGKILL");
    await this.service.exited;
  }

  stop(): Promise<void> {
    return stopProcess(this.service, 10_000);
  }
}
