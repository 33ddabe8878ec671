import type { SendRequest } from "../policies/policy.js";

/** What a send request says beyond its content, the same for a single send and a bulk row. */
export interface SendIntent {
  /** Set when `schedule_at` is still ahead: the message is stored `scheduled` until then. */
  scheduleAt?: Date;
  /** Sent on the caller's declaration that this is automation; anything else is a person's reply. */
  automated: boolean;
}

export function sendIntent(input: Pick<SendRequest, "schedule_at" | "conversation_status">): SendIntent {
  const scheduleAt = input.schedule_at === undefined ? undefined : new Date(input.schedule_at);
  return {
    ...(scheduleAt !== undefined && scheduleAt.getTime() > Date.now() && { scheduleAt }),
    automated: input.conversation_status === "automated",
  };
}
