import { DEFAULT_WEBHOOK_TIMEOUT_MS, type StoredStep, type WebhookCallRecord } from "@relay/domain";
import type { Transaction } from "kysely";
import { updatePendingStep } from "../db/runs.js";
import type { RunStepRow, SequencesDB } from "../db/schema.js";
import type { SequencesDeps } from "../deps.js";
import type { RunInFlight } from "./run-engine.js";
import { callFailed } from "./webhook-outcome.js";

type Trx = Transaction<SequencesDB>;
export type WebhookStep = Extract<StoredStep, { type: "webhook" }>;

/** A webhook step the timer pass handed to the caller: its call is ours until `pending.due_at`. */
export interface LeasedCall {
  flight: RunInFlight;
  pending: RunStepRow;
  step: WebhookStep;
}

/** Calls of one step visit at most: more leases run out only when processes die mid-call. */
export const MAX_WEBHOOK_ATTEMPTS = 5;
/** A lease lasts the call's timeout and this: time to write the outcome. */
const LEASE_MARGIN_MS = 60_000;
/** A due call with no free slot in this process waits this long for one. */
const NO_SLOT_DELAY_MS = 1_000;

/**
 * Due webhook steps leased in the timer pass's transaction: the step stays pending, its timer
 * moved to the end of a lease (`phase: calling`) and its attempts counted, and the call is made
 * after the pass commits, outside it (a slow receiver holds no lock and no other step). The
 * outcome closes the step; a process that dies mid-call leaves the lease to run out, and the
 * next pass calls again under the same `webhook-id` (the run step's id). After
 * `MAX_WEBHOOK_ATTEMPTS` the step fails. A step with no free call slot waits a second.
 */
export async function leaseCalls(
  deps: SequencesDeps,
  trx: Trx,
  due: { flight: RunInFlight; pending: RunStepRow; step: StoredStep }[],
  now: Date,
): Promise<LeasedCall[]> {
  let free = deps.webhookCalls.freeSlots();
  const leased: LeasedCall[] = [];
  for (const { flight, pending, step } of due) {
    if (step.type !== "webhook") continue;
    const attempts = pending.webhook?.attempts ?? 0;
    if (attempts >= MAX_WEBHOOK_ATTEMPTS) {
      await callFailed(trx, { flight, pending, step }, now, `no outcome after ${attempts} attempts`);
      continue;
    }
    if (free <= 0) {
      await updatePendingStep(trx, pending.id, { due_at: new Date(now.getTime() + NO_SLOT_DELAY_MS) });
      continue;
    }
    const record: WebhookCallRecord = { method: step.method, url: step.url, attempts: attempts + 1 };
    const timeout = step.timeout_ms ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    const row = await updatePendingStep(trx, pending.id, {
      phase: "calling",
      due_at: new Date(now.getTime() + timeout + LEASE_MARGIN_MS),
      webhook: JSON.stringify(record),
    });
    if (!row) continue;
    free--;
    leased.push({ flight, pending: row, step });
  }
  return leased;
}
