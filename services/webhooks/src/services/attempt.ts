import {
  type EgressClient,
  type EgressOutcome,
  type SealedSecrets,
  signingSecretsAt,
  signWebhook,
} from "@relay/service-kit";
import type { ClaimedDelivery } from "../db/deliveries.js";

/** The secrets that sign now (opened): the current one, and the previous one until it expires. */
export function signingSecrets(
  delivery: ClaimedDelivery,
  now: Date,
  secrets: SealedSecrets,
): [string, ...string[]] {
  const { endpoint_id: id } = delivery;
  return signingSecretsAt(
    {
      current: delivery.secret,
      previous: delivery.previous_secret,
      previousExpiresAt: delivery.previous_secret_expires_at,
    },
    now,
    (stored) => secrets.open(id, stored),
  );
}

/** An attempt that has its answer (or its error), when it came on the service's clock. */
export interface FinishedAttempt {
  delivery: ClaimedDelivery;
  outcome: EgressOutcome;
  at: Date;
}

/** One attempt of one delivery: signed with every valid secret, posted, answered. */
export async function sendAttempt(
  client: EgressClient,
  secrets: SealedSecrets,
  delivery: ClaimedDelivery,
  now: () => Date,
): Promise<FinishedAttempt> {
  const signing = signingSecrets(delivery, now(), secrets);
  // The signature's timestamp is the machine's clock: receivers compare it with theirs.
  const headers = signWebhook(delivery.event_id, new Date(), delivery.body, signing);
  const outcome = await client.send({
    method: "POST",
    url: delivery.url,
    headers: { ...headers },
    body: delivery.body,
  });
  return { delivery, outcome, at: now() };
}
