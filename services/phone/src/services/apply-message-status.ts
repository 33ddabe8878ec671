import { canAdvance, DeliveryStatus, PhoneMessageStatus, type PhoneMessageStatusValue } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { z } from "zod";
import type { PhoneDB, SendRow } from "../db/schema.js";
import { updateSend } from "../db/sends.js";

export interface StatusUpdate {
  status: z.infer<typeof PhoneMessageStatusValue>;
  provider_message_id?: string;
  error_code?: string;
  error_message?: string;
}

/**
 * Moves a send forward (never back: a late `sent` after `delivered` changes nothing) and
 * reports the new status to conversations through the outbox. Returns the send's status after.
 */
export async function applyMessageStatus(
  trx: Transaction<PhoneDB>,
  send: Pick<SendRow, "message_id" | "organization_id" | "channel_id" | "provider_message_id">,
  currentStatus: string,
  update: StatusUpdate,
): Promise<string> {
  if (!canAdvance(DeliveryStatus.parse(currentStatus), update.status)) return currentStatus;
  await updateSend(trx, send.message_id, update);
  const providerMessageId = update.provider_message_id ?? send.provider_message_id ?? undefined;
  await enqueue(
    trx,
    newEvent(PhoneMessageStatus, send.organization_id, {
      message_id: send.message_id,
      channel_id: send.channel_id,
      provider_message_id: providerMessageId,
      status: update.status,
      error_code: update.error_code,
      error_message: update.error_message,
    }),
  );
  return update.status;
}
