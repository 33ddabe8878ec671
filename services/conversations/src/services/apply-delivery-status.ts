import {
  canAdvance,
  DeliveryStatus,
  type EventOf,
  MessageUpdated,
  type PhoneMessageStatus,
} from "@relay/domain";
import { claimEvent, enqueue, newEvent } from "@relay/service-kit";
import { findMessage, type MessagePatch, updateMessage } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { toMessage } from "./message-view.js";
import { setConsent } from "./set-consent.js";

/** Twilio's "the recipient has opted out (replied STOP)": the carrier refuses to deliver. */
export const PROVIDER_OPT_OUT_CODES = new Set(["21610"]);

/**
 * A provider status for one of our messages. Statuses only move forward (a late `sent` never
 * replaces `delivered`); failures keep the provider's code and message; an opt-out error opts
 * the contact out of the channel.
 */
export async function applyDeliveryStatus(
  deps: Pick<ConversationsDeps, "transact" | "logger">,
  event: EventOf<typeof PhoneMessageStatus>,
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    const row = await findMessage(trx, organizationId, data.message_id, { forUpdate: true });
    if (row?.direction !== "OUTBOUND") {
      deps.logger.warn({ message_id: data.message_id, event_id: event.id }, "status for an unknown message");
      return;
    }
    const patch: MessagePatch = {};
    if (canAdvance(DeliveryStatus.parse(row.delivery_status), data.status)) {
      patch.delivery_status = data.status;
      if (data.status === "failed" || data.status === "undelivered") {
        patch.error_code = data.error_code ?? null;
        patch.error_message = data.error_message ?? null;
      }
    }
    if (data.provider_message_id !== undefined && row.provider_message_id === null) {
      patch.provider_message_id = data.provider_message_id;
    }
    if (Object.keys(patch).length > 0) {
      const updated = await updateMessage(trx, organizationId, row.id, patch);
      if (updated) {
        await enqueue(trx, newEvent(MessageUpdated, organizationId, toMessage(updated)));
      }
    }
    if (data.error_code !== undefined && PROVIDER_OPT_OUT_CODES.has(data.error_code)) {
      await setConsent(trx, {
        organizationId,
        contactId: row.contact_id,
        channelId: row.channel_id,
        optIn: false,
        source: "provider_error",
        detail: [data.error_code, data.error_message].filter(Boolean).join(": "),
        strength: "explicit",
      });
    }
  });
}
