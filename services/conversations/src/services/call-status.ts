import type { CallStatus as CallStatusSchema, DeliveryStatus, Direction } from "@relay/domain";
import type { z } from "zod";

type CallStatus = z.infer<typeof CallStatusSchema>;

const RANK: Record<CallStatus, number> = {
  queued: 0,
  ringing: 1,
  "in-progress": 2,
  completed: 3,
  busy: 3,
  failed: 3,
  "no-answer": 3,
  canceled: 3,
};

/** Call statuses move forward only; a final status never changes. */
export function callCanAdvance(current: CallStatus, next: CallStatus): boolean {
  return RANK[next] > RANK[current];
}

/** A call's place in the message lifecycle: inbound calls were received; outbound ones progress. */
export function callDeliveryStatus(direction: Direction, status: CallStatus): DeliveryStatus {
  if (direction === "INBOUND") return "received";
  switch (status) {
    case "queued":
      return "queued";
    case "ringing":
      return "sending";
    case "in-progress":
      return "sent";
    case "completed":
      return "delivered";
    case "failed":
      return "failed";
    default:
      return "undelivered";
  }
}
