import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { attribute, type CpuUse, type Scope } from "../cpu/attribute.js";
import { type CpuSampler, type Target, ticksBetween } from "../cpu/sampler.js";
import type { BaselineAnswer, BaselineJob } from "./baseline-worker.js";

const WORKER = resolve(import.meta.dirname, "baseline-worker.ts");

export type BaselineRun<A extends BaselineAnswer = BaselineAnswer> = A & { cpu: CpuUse };

/** Processes added while the bench runs (the baseline workers): a source for the CPU sampler. */
export class ExtraProcesses {
  private readonly targets = new Map<number, Target>();
  readonly source = () => [...this.targets.values()];
  add(target: Target): void {
    this.targets.set(target.pid, target);
  }
}

/**
 * Runs one baseline job in a worker process of its own (node + tsx, as the services start) and
 * meters what it and PostgreSQL used, from the job's start (after tsx has loaded) to its answer.
 * `worker`: a module answering as baseline-worker.ts does (ready → job → prepared → go → answer → end).
 */
export async function runBaselineJob<A extends BaselineAnswer = BaselineAnswer>(
  job: BaselineJob | { mode: string },
  sampler: CpuSampler,
  extra: ExtraProcesses,
  scope: Scope,
  worker = WORKER,
): Promise<BaselineRun<A>> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", worker], {
    env: process.env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const next = () =>
    new Promise<unknown>((done, fail) => {
      child.once("message", done);
      void exited.then((code) =>
        fail(new Error(`the baseline worker (${job.mode}) exited with code ${code}`)),
      );
    });
  await next();
  if (child.pid === undefined) throw new Error("the baseline worker has no pid");
  extra.add({ pid: child.pid, group: "baseline", label: `${job.mode} baseline` });
  child.send(job);
  // Its backend is sampled as PostgreSQL's, told apart by its database.
  await next();
  const from = sampler.mark();
  child.send("go");
  const answer = (await next()) as A;
  const to = sampler.mark();
  child.send("end");
  await exited;
  return { ...answer, cpu: attribute(sampler.tracked, ticksBetween(from, to), scope) };
}
