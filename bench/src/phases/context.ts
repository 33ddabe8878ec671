import type { RunningTwilioFake } from "@relay/testing";
import { attribute, type CpuUse, type Scope } from "../cpu/attribute.js";
import { type CpuSampler, ticksBetween } from "../cpu/sampler.js";
import type { Parameters } from "../parameters.js";
import type { Summary } from "../stats.js";
import type { DbWork } from "./db-work.js";
import type { Observer } from "./observer.js";
import type { ProviderLog } from "./provider-log.js";

/** The Twilio account the bench's channels use; the fake stands in for api.twilio.com. */
export const BENCH_TWILIO = { sid: `AC${"be4c".repeat(8)}`, token: "bench-twilio-auth-token" };

export interface BenchContext {
  parameters: Parameters;
  /** Makes every body of this run unique, so the provider's log matches them back. */
  runId: string;
  gatewayUrl: string;
  apiKey: string;
  /** The phone channels' numbers. */
  channels: string[];
  fake: RunningTwilioFake;
  provider: ProviderLog;
  observer: Observer;
  sampler: CpuSampler;
  /** The stack's processes, its database's backends, PostgreSQL's shared processes, NATS. */
  stackScope: Scope;
  log(line: string): void;
}

export interface PhaseResult {
  path: "baseline" | "send" | "inbound" | "bulk" | "paced";
  /** Why the phase did not run. */
  skipped?: string;
  /** Messages offered, and accepted (durably queued / acknowledged). */
  offered: number;
  accepted: number;
  /** The first few refusals and errors, for the report. */
  errors: string[];
  /** Accepted per second over the load's duration. */
  rate: number;
  latency?: Summary;
  toProvider?: Summary;
  toDelivered?: Summary;
  storedAfterLastAckMs?: number;
  /** Set when something never arrived before the deadline. */
  incomplete?: string;
  cpu: CpuUse;
  /** Transactions and rows per message in the path's database (set by main). */
  db?: DbWork;
  /** From the first request to the end of the measurement (drain included). */
  elapsedMs: number;
}

/** Runs `body` between two CPU marks; returns what the scope's processes used meanwhile. */
export async function metered<T>(
  sampler: CpuSampler,
  scope: Scope,
  body: () => Promise<T>,
): Promise<{ value: T; cpu: CpuUse; elapsedMs: number }> {
  const started = performance.now();
  const from = sampler.mark();
  const value = await body();
  const to = sampler.mark();
  return {
    value,
    cpu: attribute(sampler.tracked, ticksBetween(from, to), scope),
    elapsedMs: performance.now() - started,
  };
}

/** Prints `line()` every few seconds while a phase runs; returns the stop function. */
export function progress(log: (line: string) => void, line: () => string, everyMs = 5_000): () => void {
  const timer = setInterval(() => log(line()), everyMs);
  return () => clearInterval(timer);
}

export const firstErrors = (errors: string[], more: string) => {
  if (errors.length < 5) errors.push(more.slice(0, 300));
};
