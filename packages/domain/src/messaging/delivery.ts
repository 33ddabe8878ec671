import { z } from "zod";
import { literalHostProblem } from "../public-address.js";

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

/** Longest attachment URL a send takes (what browsers and providers handle). */
export const MAX_URL_LENGTH = 2048;

/**
 * An attachment URL a client sends: http(s), at most MAX_URL_LENGTH, and not on an address of
 * ours (a 422 here; names resolving to one are refused where the URL is used).
 */
export const AttachmentUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .max(MAX_URL_LENGTH)
  .superRefine((raw, ctx) => {
    // Runs even when the URL check above failed: that issue is already reported.
    if (!URL.canParse(raw)) return;
    const problem = literalHostProblem(new URL(raw));
    if (problem) ctx.addIssue({ code: "custom", message: `must not be a private address: it ${problem}` });
  });

/** An attachment as providers deliver it: where it is and what it is. */
export const Media = z.object({ url: z.url(), content_type: z.string().optional() });
export type Media = z.infer<typeof Media>;
