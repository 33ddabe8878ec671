import {
  CampaignContactUpdated,
  type ConsentChange,
  type EventOf,
  type Message,
  type MessageUpdated,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { sql, type Transaction } from "kysely";
import { advanceManyByMessage, attributedRecipient, keepEarlyStatuses } from "../db/recipients.js";
import type { CampaignsDB, RecipientRow } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { toCampaignContact } from "./campaign-view.js";

/** What a message's delivery status makes of its recipient. */
const RECIPIENT_STATE: Partial<Record<Message["delivery_status"], string>> = {
  sent: "sent",
  delivered: "delivered",
  undelivered: "failed",
  failed: "failed",
};

export async function announce(trx: Transaction<CampaignsDB>, rows: RecipientRow[]) {
  await enqueue(
    trx,
    ...rows.map((row) =>
      newEvent(CampaignContactUpdated, row.organization_id, {
        ...toCampaignContact(row),
        campaign_id: row.campaign_id,
      }),
    ),
  );
}

/**
 * Delivery statuses of campaign messages, many per transaction. A recipient only moves forward
 * (queued → sent → delivered | failed), so an event seen twice or late changes nothing.
 */
export async function applyMessageStatuses(deps: CampaignsDeps, events: EventOf<typeof MessageUpdated>[]) {
  const moves = events.flatMap((event) => {
    const state = RECIPIENT_STATE[event.data.delivery_status];
    return event.data.direction === "OUTBOUND" && state
      ? [{ id: event.data.id, state, campaign: Boolean(event.data.campaign_id) }]
      : [];
  });
  if (moves.length === 0) return;
  await deps.transact(async (trx) => {
    const advanced = await advanceManyByMessage(trx, moves);
    await announce(trx, advanced);
    // A campaign message whose dispatch has not committed yet: kept for it to pick up. Messages
    // that name no campaign are not ours (those sent before messages carried one were matched).
    const matched = new Set(advanced.map((row) => row.message_id));
    await keepEarlyStatuses(
      trx,
      moves.filter((move) => move.campaign && !matched.has(move.id)),
    );
  });
}

/** A contact's inbound message: a response to the campaign that messaged them last on that channel, counted once. */
export async function applyReply(deps: CampaignsDeps, message: Message, organizationId: string) {
  if (message.direction !== "INBOUND") return;
  await markAttributed(
    deps,
    organizationId,
    message.contact_id,
    message.channel_id,
    new Date(message.created_at),
    "responded_at",
  );
}

/** An opt-out within the window: an unsubscribe of that campaign, counted once. */
export async function applyOptOut(deps: CampaignsDeps, change: ConsentChange, organizationId: string) {
  if (change.opt_in) return;
  await markAttributed(
    deps,
    organizationId,
    change.contact_id,
    change.channel_id,
    new Date(change.changed_at),
    "unsubscribed_at",
  );
}

async function markAttributed(
  deps: CampaignsDeps,
  organizationId: string,
  contactId: string,
  channelId: string,
  at: Date,
  column: "responded_at" | "unsubscribed_at",
) {
  // Most inbound messages answer no campaign: one unlocked read, no transaction (the update
  // below is guarded, so reading first changes nothing of what a transaction would decide).
  const recipient = await attributedRecipient(deps.db, organizationId, contactId, channelId, at);
  if (!recipient || recipient[column] !== null) return;
  await deps.transact(async (trx) => {
    const updated = await trx
      .updateTable("campaign_recipients")
      .set({ [column]: at, updated_at: sql`now()` })
      .where("campaign_id", "=", recipient.campaign_id)
      .where("contact_id", "=", contactId)
      .where(column, "is", null)
      .returningAll()
      .execute();
    await announce(trx, updated);
  });
}
