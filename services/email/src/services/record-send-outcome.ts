import { EmailMessageStatus } from "@relay/domain";
import { applySendStatus, type LedgerSend, newEvent } from "@relay/service-kit";
import type { EmailDeps } from "../deps.js";

export interface SendOutcome {
  status: "sent" | "failed" | "undelivered";
  error_code?: string | undefined;
  error_message?: string | undefined;
  hard_bounce?: boolean;
  recipient?: string;
}

/**
 * Records a send's outcome (forward only, by the domain's status order: a bounce after `sent`
 * counts, a late `sent` changes nothing) and reports it (`email.message.status`), in one transaction.
 */
export function recordSendOutcome(
  deps: Pick<EmailDeps, "transact">,
  send: Pick<LedgerSend, "message_id">,
  outcome: SendOutcome,
): Promise<void> {
  return deps.transact(async (trx) => {
    await applySendStatus(trx, send.message_id, outcome, (row) =>
      newEvent(EmailMessageStatus, row.organization_id, {
        message_id: row.message_id,
        channel_id: row.channel_id,
        status: outcome.status,
        ...(outcome.error_code !== undefined && { error_code: outcome.error_code }),
        ...(outcome.error_message !== undefined && { error_message: outcome.error_message }),
        email: {
          hard_bounce: outcome.hard_bounce ?? false,
          ...(outcome.recipient !== undefined && { recipient: outcome.recipient }),
        },
      }),
    );
  });
}
