import { sql } from "kysely";
import type { EmailDeps } from "../deps.js";
import type { Bounce } from "./parse-bounce.js";
import { recordSendOutcome } from "./record-send-outcome.js";

/** The send whose Message-ID a bounce names (from its command, or the column older rows have). */
async function sendByHeader(deps: Pick<EmailDeps, "db">, header: string) {
  const { rows } = await sql<{ message_id: string }>`
    select message_id from sends
    where coalesce(message_id_header, payload->>'message_id_header') = ${header}`.execute(deps.db);
  return rows[0];
}

/** A bounce for one of our messages → `undelivered`; true when it was ours. */
export async function applyBounce(deps: EmailDeps, bounce: Bounce): Promise<boolean> {
  const send = await sendByHeader(deps, bounce.originalMessageId);
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
