import { type BulkAttribution, type EventEnvelope, MessageCreated } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { insertMessage } from "../db/messages.js";
import type { ConversationsDB, MessageRow, NewMessage } from "../db/schema.js";
import type { Composed, MessageKind } from "../policies/policy.js";
import { assertMayMessage } from "./consent-check.js";
import { toMessage } from "./message-view.js";

export interface Outbound extends Composed {
  organizationId: string;
  conversationId: string;
  contactId: string;
  channelId: string;
  /** The channel's kind of message: its stored type and the command that sends it. */
  kind: MessageKind;
  automated: boolean;
  /** Stored `scheduled` and released by the scheduler at this time; otherwise `queued` now. */
  scheduleAt?: Date;
  /**
   * Only for the one confirmation an opt-out keyword gets: it goes to a contact who has just
   * opted out. Everything else is refused for an opted-out contact.
   */
  optOutConfirmation?: true;
  /** What a bulk row was sent for (a campaign's recipient, a sequence's step). */
  attribution?: BulkAttribution;
}

/** The stored row of an outbound message, `queued` now or `scheduled` for its time. */
export function outboundMessage(outbound: Outbound): NewMessage {
  return {
    id: outbound.id ?? crypto.randomUUID(),
    organization_id: outbound.organizationId,
    conversation_id: outbound.conversationId,
    contact_id: outbound.contactId,
    channel_id: outbound.channelId,
    type: outbound.kind.messageType,
    direction: "OUTBOUND",
    body: outbound.body ?? null,
    from_address: outbound.from,
    to_address: outbound.to,
    delivery_status: outbound.scheduleAt ? "scheduled" : "queued",
    media: outbound.mediaUrls.map((url) => ({ url })),
    automated: outbound.automated,
    provider_message_id: null,
    error_code: null,
    error_message: null,
    schedule_at: outbound.scheduleAt ?? null,
    call_status: null,
    call_duration_seconds: null,
    recording_url: null,
    recording_duration_seconds: null,
    email: outbound.email ?? null,
    message_id_header: outbound.messageIdHeader ?? null,
    whatsapp: outbound.whatsapp ?? null,
    campaign_id: outbound.attribution?.campaign_id ?? null,
    campaign_contact_id: outbound.attribution?.campaign_contact_id ?? null,
    step_id: outbound.attribution?.step_id ?? null,
    step_contact_id: outbound.attribution?.step_contact_id ?? null,
  };
}

/** A stored outbound message's events: `conversations.message.created` and, unless scheduled, its send command. */
export function outboundEvents(row: MessageRow, kind: MessageKind): EventEnvelope[] {
  const created = newEvent(MessageCreated, row.organization_id, toMessage(row));
  return row.delivery_status === "scheduled" ? [created] : [created, kind.command(row)];
}

/**
 * The send pipeline's last step, shared by every sender: checks consent (422 when opted out),
 * stores the message and, in the same transaction, its send command (`cmd.phone.send`,
 * `cmd.email.send` or `cmd.whatsapp.send`), the `conversations.message.created` event and the
 * caller's `also` events (one outbox write for all). The bulk path stores many at once with the
 * same two functions above, behind the same gate (`optedOutAmong`).
 */
export async function queueOutbound(
  trx: Transaction<ConversationsDB>,
  outbound: Outbound,
  also: EventEnvelope[] = [],
): Promise<MessageRow> {
  const key = {
    organizationId: outbound.organizationId,
    contactId: outbound.contactId,
    channelId: outbound.channelId,
  };
  if (!outbound.optOutConfirmation) await assertMayMessage(trx, key);
  const row = await insertMessage(trx, outboundMessage(outbound));
  await enqueue(trx, ...outboundEvents(row, outbound.kind), ...also);
  return row;
}
