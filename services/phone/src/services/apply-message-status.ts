import { PhoneMessageStatus, type PhoneMessageStatusValue } from "@relay/domain";
import { applySendStatus, type LedgerSend, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { z } from "zod";
import type { PhoneDB } from "../db/schema.js";

export interface StatusUpdate {
  status: z.infer<typeof PhoneMessageStatusValue>;
  provider_message_id?: string | undefined;
  error_code?: string | undefined;
  error_message?: string | undefined;
}

/**
 * Moves a send forward (never back: a late `sent` after `delivered` changes nothing) and
 * reports the new status to conversations through the outbox. Returns the send after, if it moved.
 */
export function applyMessageStatus(
  trx: Transaction<PhoneDB>,
  messageId: string,
  update: StatusUpdate,
): Promise<LedgerSend | undefined> {
  return applySendStatus(trx, messageId, update, (send, change) =>
    newEvent(PhoneMessageStatus, send.organization_id, {
      message_id: send.message_id,
      channel_id: send.channel_id,
      provider_message_id: send.provider_message_id ?? undefined,
      status: change.status as StatusUpdate["status"],
      error_code: change.error_code,
      error_message: change.error_message,
    }),
  );
}
