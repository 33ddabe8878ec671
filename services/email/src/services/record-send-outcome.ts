import { EmailMessageStatus } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { SendRow } from "../db/schema.js";
import { updateSend } from "../db/sends.js";
import type { EmailDeps } from "../deps.js";

export interface SendOutcome {
  status: "sent" | "failed" | "undelivered";
  error_code?: string;
  error_message?: string;
  hard_bounce?: boolean;
  recipient?: string;
}

/** Records a send's outcome and reports it (`email.message.status`) in one transaction. */
export function recordSendOutcome(deps: Pick<EmailDeps, "transact">, send: SendRow, outcome: SendOutcome) {
  return deps.transact(async (trx) => {
    await updateSend(trx, send.message_id, outcome);
    await enqueue(
      trx,
      newEvent(EmailMessageStatus, send.organization_id, {
        message_id: send.message_id,
        channel_id: send.channel_id,
        ...outcome,
      }),
    );
  });
}
