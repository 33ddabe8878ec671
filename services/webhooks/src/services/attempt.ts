import type { ClaimedDelivery } from "../db/deliveries.js";
import type { AttemptOutcome, DeliveryClient } from "./egress.js";
import { signDelivery } from "./signing.js";

type Secrets = Pick<ClaimedDelivery, "secret" | "previous_secret" | "previous_secret_expires_at">;

/** The secrets that sign now: the current one, and the previous one until it expires. */
export function signingSecrets(endpoint: Secrets, now: Date): [string, ...string[]] {
  const previous =
    endpoint.previous_secret &&
    endpoint.previous_secret_expires_at &&
    endpoint.previous_secret_expires_at > now
      ? [endpoint.previous_secret]
      : [];
  return [endpoint.secret, ...previous];
}

/** An attempt that has its answer (or its error), when it came on the service's clock. */
export interface FinishedAttempt {
  delivery: ClaimedDelivery;
  outcome: AttemptOutcome;
  at: Date;
}

/** One attempt of one delivery: signed with every valid secret, posted, answered. */
export async function sendAttempt(
  client: DeliveryClient,
  delivery: ClaimedDelivery,
  now: () => Date,
): Promise<FinishedAttempt> {
  // The signature's timestamp is the machine's clock: receivers compare it with theirs.
  const headers = signDelivery(delivery.event_id, new Date(), delivery.body, signingSecrets(delivery, now()));
  const outcome = await client.post(delivery.url, { ...headers }, delivery.body);
  return { delivery, outcome, at: now() };
}
