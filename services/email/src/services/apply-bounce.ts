import { findSendByHeader } from "../db/sends.js";
import type { EmailDeps } from "../deps.js";
import type { Bounce } from "./parse-bounce.js";
import { recordSendOutcome } from "./record-send-outcome.js";

/** A bounce for one of our messages → `undelivered`; true when it was ours. */
export async function applyBounce(deps: EmailDeps, bounce: Bounce): Promise<boolean> {
  const send = await findSendByHeader(deps.db, bounce.originalMessageId);
  if (!send) return false;
  await recordSendOutcome(deps, send, {
    status: "undelivered",
    error_code: bounce.status,
    error_message: bounce.diagnostic ?? `bounced with status ${bounce.status ?? "unknown"}`,
    hard_bounce: bounce.status?.startsWith("5.") ?? false,
    ...(bounce.recipient ? { recipient: bounce.recipient } : {}),
  });
  return true;
}
