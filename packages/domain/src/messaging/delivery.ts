import { z } from "zod";

/**
 * A message's delivery status. Outbound messages move forward only along
 * `scheduled → queued → sending → sent → delivered → read | undelivered | failed` (`read`: WhatsApp);
 * inbound ones are `received`.
 */
export const DeliveryStatus = z.enum([
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "read",
  "undelivered",
  "failed",
  "received",
]);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

const RANK: Record<DeliveryStatus, number> = {
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  undelivered: 4,
  failed: 4,
  received: 4,
};

const FINAL = new Set<DeliveryStatus>(["read", "undelivered", "failed", "received"]);

/** May a message in `current` move to `next`? Only forward; final states never change. */
export function canAdvance(current: DeliveryStatus, next: DeliveryStatus): boolean {
  if (FINAL.has(current)) return false;
  return RANK[next] > RANK[current];
}

export const Direction = z.enum(["INBOUND", "OUTBOUND"]);
export type Direction = z.infer<typeof Direction>;

/** An attachment as providers deliver it: where it is and what it is. */
export const Media = z.object({ url: z.url(), content_type: z.string().optional() });
export type Media = z.infer<typeof Media>;
