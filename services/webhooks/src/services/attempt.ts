import type { ClaimedDelivery } from "../db/deliveries.js";
import type { AttemptOutcome, DeliveryClient } from "./egress.js";
import type { EndpointSecrets } from "./endpoint-secrets.js";
import { signDelivery } from "./signing.js";

/** The secrets that sign now (opened): the current one, and the previous one until it expires. */
export function signingSecrets(
  delivery: ClaimedDelivery,
  now: Date,
  secrets: EndpointSecrets,
): [string, ...string[]] {
  const { endpoint_id: id, previous_secret: previous, previous_secret_expires_at: expires } = delivery;
  const current = secrets.open(id, delivery.secret);
  return previous !== null && expires && expires > now ? [current, secrets.open(id, previous)] : [current];
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
  secrets: EndpointSecrets,
  delivery: ClaimedDelivery,
  now: () => Date,
): Promise<FinishedAttempt> {
  const signing = signingSecrets(delivery, now(), secrets);
  // The signature's timestamp is the machine's clock: receivers compare it with theirs.
  const headers = signDelivery(delivery.event_id, new Date(), delivery.body, signing);
  const outcome = await client.post(delivery.url, { ...headers }, delivery.body);
  return { delivery, outcome, at: now() };
}
