import { cancelDelivery, disableEndpoint, markFailed, markSucceeded, noteFailing } from "../db/deliveries.js";
import type { DeliveryRow, EndpointRow } from "../db/schema.js";
import type { WebhooksDeps } from "../deps.js";
import type { DeliveryClient } from "./egress.js";
import { GIVE_UP_AFTER_MS, retryDelayMs } from "./schedule.js";
import { signDelivery } from "./signing.js";

export interface Target {
  endpoint: EndpointRow;
  /** The endpoint and its application are enabled. */
  enabled: boolean;
  body: string;
}

/** The secrets that sign now: the current one, and the previous one until it expires. */
export function signingSecrets(endpoint: EndpointRow, now: Date): [string, ...string[]] {
  const previous =
    endpoint.previous_secret &&
    endpoint.previous_secret_expires_at &&
    endpoint.previous_secret_expires_at > now
      ? [endpoint.previous_secret]
      : [];
  return [endpoint.secret, ...previous];
}

/**
 * One attempt of one delivery, and what follows from its answer: a 2xx within the timeout is
 * success; `410 Gone` disables the endpoint; anything else is retried on the schedule until the
 * delivery is five days old, and an endpoint failing for five days is disabled.
 */
export async function attemptDelivery(
  deps: WebhooksDeps,
  client: DeliveryClient,
  delivery: DeliveryRow,
  target: Target,
): Promise<void> {
  const { endpoint } = target;
  if (!target.enabled) {
    await cancelDelivery(deps.db, delivery.id, "endpoint disabled", deps.now());
    return;
  }
  // The signature's timestamp is the machine's clock: receivers compare it with theirs.
  const headers = signDelivery(
    delivery.event_id,
    new Date(),
    target.body,
    signingSecrets(endpoint, deps.now()),
  );
  const outcome = await client.post(endpoint.url, { ...headers }, target.body);
  const now = deps.now();
  if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
    await markSucceeded(deps.db, delivery, outcome, now);
    return;
  }
  if (outcome.status === 410) {
    // The endpoint first: whoever sees this attempt counted sees the endpoint disabled.
    await disableEndpoint(deps.db, endpoint.id, "the endpoint answered 410 Gone", now);
    await markFailed(deps.db, delivery, outcome, now, null);
    deps.logger.info({ endpoint: endpoint.id }, "endpoint answered 410 Gone: disabled");
    return;
  }
  const failingSince = await noteFailing(deps.db, endpoint.id, now);
  if (now.getTime() - failingSince.getTime() >= GIVE_UP_AFTER_MS) {
    await disableEndpoint(deps.db, endpoint.id, "every attempt failed for 5 days", now);
    await markFailed(deps.db, delivery, outcome, now, null);
    deps.logger.info({ endpoint: endpoint.id }, "endpoint failing for 5 days: disabled");
    return;
  }
  const giveUp = now.getTime() - delivery.created_at.getTime() >= GIVE_UP_AFTER_MS;
  const retryAt = giveUp ? null : new Date(now.getTime() + retryDelayMs(delivery.attempts + 1));
  await markFailed(deps.db, delivery, outcome, now, retryAt);
}
