import { matchingRule, type StoredStep, type WebhookCallRecord } from "@relay/domain";
import type { EgressOutcome } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { lockRun, pendingStep } from "../db/runs.js";
import type { RunStepRow, SequencesDB } from "../db/schema.js";
import type { SequencesDeps } from "../deps.js";
import { closeStep, enterStep, nextOf, type RunInFlight, stepByKey, stopRun } from "./run-engine.js";

type Trx = Transaction<SequencesDB>;
type Webhook = Extract<StoredStep, { type: "webhook" }>;
interface Call {
  flight: RunInFlight;
  pending: RunStepRow;
  step: Webhook;
}

/** How much of an answer the history keeps. */
const KEPT_RESPONSE_CHARS = 2048;

const parseJson = (text: string | null): unknown => {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Where an answer leads: a matching rule's step, else `next` for a 2xx, else the failure path. */
function routeOf(steps: StoredStep[], step: Webhook, outcome: EgressOutcome) {
  const { status } = outcome;
  if (status === null) return { failed: true as const };
  // A rule's field is looked up in the whole answer only: a cut-off one is no JSON.
  const rule = matchingRule(
    step.rules,
    status,
    outcome.truncated ? undefined : parseJson(outcome.responseBody),
  );
  if (rule) return { failed: false as const, next: stepByKey(steps, rule.next) };
  if (status >= 200 && status < 300) return { failed: false as const, next: nextOf(steps, step) };
  return { failed: true as const };
}

/**
 * A call's outcome, written under the run's lock if the step still waits for it (a run stopped
 * meanwhile, or an outcome already written by a call made after a lease ran out, takes none):
 * the step closes (`called` or `call_failed`) with the call in its history, and the run goes on
 * by the answer (`routeOf`); a failure without `on_failure` stops the run `failed`.
 */
export async function recordCall(deps: SequencesDeps, call: Call, outcome: EgressOutcome): Promise<void> {
  const now = deps.now();
  await deps.transact(async (trx) => {
    const run = await lockRun(trx, call.flight.run.id);
    if (run?.status !== "active") return;
    const pending = await pendingStep(trx, run.id);
    if (pending?.id !== call.pending.id) return;
    const flight = { run, steps: call.flight.steps };
    const record: WebhookCallRecord = {
      ...(pending.webhook ?? { method: call.step.method, url: call.step.url, attempts: 1 }),
      ...(outcome.status !== null && { status: outcome.status }),
      duration_ms: outcome.latencyMs,
      ...(outcome.responseBody !== null && { response: outcome.responseBody.slice(0, KEPT_RESPONSE_CHARS) }),
      ...((outcome.truncated || (outcome.responseBody?.length ?? 0) > KEPT_RESPONSE_CHARS) && {
        truncated: true,
      }),
      ...(outcome.error !== null && { error: outcome.error }),
    };
    const route = routeOf(call.flight.steps, call.step, outcome);
    if (route.failed) {
      const why = outcome.error ?? `answered ${outcome.status}`;
      return callFailed(trx, { ...call, flight, pending }, now, why, record);
    }
    const closed = await closeStep(trx, run, pending, {
      outcome: "called",
      done_at: now,
      next_step_id: route.next?.id ?? null,
      webhook: JSON.stringify(record),
    });
    if (closed) await enterStep(trx, flight, route.next, now);
  });
}

/** The call failed (`error` says why): `on_failure`, or the run stops `failed`. */
export async function callFailed(
  trx: Trx,
  call: Call,
  now: Date,
  error: string,
  record: WebhookCallRecord | null = call.pending.webhook,
): Promise<void> {
  const { flight, pending, step } = call;
  const failure = step.on_failure ? stepByKey(flight.steps, step.on_failure) : undefined;
  const closed = await closeStep(trx, flight.run, pending, {
    outcome: "call_failed",
    done_at: now,
    error,
    next_step_id: failure?.id ?? null,
    webhook: record && JSON.stringify(record),
  });
  if (!closed) return;
  if (failure) await enterStep(trx, flight, failure, now);
  else await stopRun(trx, flight.run, "failed", now);
}
