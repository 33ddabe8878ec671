import { WhatsAppMessageStatus } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { SendRow, WhatsAppDB } from "../db/schema.js";
import { updateSend } from "../db/sends.js";
import { canAdvanceTo, type OutboundStatus } from "./status-rank.js";

export interface StatusUpdate {
  status: OutboundStatus;
  provider_message_id?: string;
  error_code?: string;
  error_message?: string;
}

/**
 * Moves a send forward (a late `delivered` after `read` changes nothing) and reports the new
 * status for OUR message id through the outbox. Returns the send's status after.
 */
export async function applyMessageStatus(
  trx: Transaction<WhatsAppDB>,
  send: Pick<SendRow, "message_id" | "organization_id" | "channel_id" | "provider_message_id">,
  currentStatus: string,
  update: StatusUpdate,
): Promise<string> {
  if (!canAdvanceTo(currentStatus, update.status)) return currentStatus;
  await updateSend(trx, send.message_id, update);
  await enqueue(
    trx,
    newEvent(WhatsAppMessageStatus, send.organization_id, {
      message_id: send.message_id,
      channel_id: send.channel_id,
      provider_message_id: update.provider_message_id ?? send.provider_message_id ?? undefined,
      status: update.status,
      error_code: update.error_code,
      error_message: update.error_message,
    }),
  );
  return update.status;
}
