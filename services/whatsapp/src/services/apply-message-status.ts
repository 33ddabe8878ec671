import { type DeliveryStatus, WhatsAppMessageStatus } from "@relay/domain";
import { applySendStatus, type LedgerSend, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { z } from "zod";
import type { WhatsAppDB } from "../db/schema.js";

type ReportedStatus = z.infer<typeof WhatsAppMessageStatus.data>["status"];

export interface StatusUpdate {
  status: ReportedStatus & DeliveryStatus;
  provider_message_id?: string | undefined;
  error_code?: string | undefined;
  error_message?: string | undefined;
}

/**
 * Moves a send forward by the domain's one status order (a late `delivered` after `read`
 * changes nothing) and reports it for OUR message id through the outbox.
 */
export function applyMessageStatus(
  trx: Transaction<WhatsAppDB>,
  messageId: string,
  update: StatusUpdate,
): Promise<LedgerSend | undefined> {
  return applySendStatus(trx, messageId, update, (send, change) =>
    newEvent(WhatsAppMessageStatus, send.organization_id, {
      message_id: send.message_id,
      channel_id: send.channel_id,
      provider_message_id: send.provider_message_id ?? undefined,
      status: change.status as ReportedStatus,
      error_code: change.error_code,
      error_message: change.error_message,
    }),
  );
}
