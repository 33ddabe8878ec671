import type { SequencesDeps } from "../deps.js";
import { rebuild, stringsOf } from "./json-strings.js";
import { personalize } from "./personalize.js";
import type { LeasedCall } from "./webhook-lease.js";

/**
 * Each call's JSON body: its step's `payload` with every string rendered for the run's contact
 * (the send steps' template variables, read from core for all of them at once), or, without a
 * `payload`, the run's ids; a GET has none (undefined).
 */
export async function renderPayloads(
  deps: Pick<SequencesDeps, "contacts">,
  organizationId: string,
  calls: LeasedCall[],
): Promise<(Record<string, unknown> | undefined)[]> {
  const strings = calls.map(({ step }) => (step.payload ? stringsOf(step.payload) : []));
  const rendered = await personalize(
    deps,
    organizationId,
    calls.flatMap((call, i) =>
      (strings[i] ?? []).map((text) => ({ contactId: call.flight.run.contact_id, text })),
    ),
  );
  let at = 0;
  return calls.map(({ step, flight, pending }, i) => {
    const count = strings[i]?.length ?? 0;
    const texts = rendered.slice(at, at + count);
    at += count;
    if (step.method === "GET") return undefined;
    if (step.payload) return rebuild(step.payload, texts) as Record<string, unknown>;
    return {
      sequence_id: flight.run.sequence_id,
      run_id: flight.run.id,
      step_id: pending.step_id,
      step_key: step.key,
      contact_id: flight.run.contact_id,
    };
  });
}
