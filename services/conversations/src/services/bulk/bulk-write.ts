import type { SentMessage } from "@relay/domain";
import { enqueue } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { upsertContacts } from "../../db/contacts.js";
import { upsertMessagedConversations } from "../../db/conversations.js";
import { insertMessages } from "../../db/messages.js";
import type { ConversationRow, ConversationsDB, NewMessage } from "../../db/schema.js";
import type { ConversationsDeps } from "../../deps.js";
import { consentPairKey } from "../consent-check.js";
import { conversationEvent } from "../open-conversation-for-send.js";
import { outboundEvents, outboundMessage } from "../queue-outbound.js";
import { sendIntent } from "../send-intent.js";
import { contactSnapshot } from "../sync-contact.js";
import type { ReadyRow } from "./bulk-parties.js";

type Trx = Transaction<ConversationsDB>;
type Opened = { row: ConversationRow; created: boolean };

const pairOf = (row: ReadyRow) =>
  consentPairKey({ contactId: row.parties.contact.id, channelId: row.parties.channel.id });

/**
 * Each contact × channel's conversation, as its rows would leave it one send after another: the
 * last status a row gives, unread cleared when any row is a person's. Conversations that take
 * the same change share one upsert (a campaign: one statement for the chunk).
 */
async function openConversations(trx: Trx, organizationId: string, rows: ReadyRow[]) {
  const changes = new Map<string, { row: ReadyRow; status?: string; clearUnread: boolean }>();
  for (const row of rows) {
    const previous = changes.get(pairOf(row));
    const status = row.message.conversation_status ?? previous?.status;
    const clearUnread = (previous?.clearUnread ?? false) || !sendIntent(row.message).automated;
    changes.set(pairOf(row), { row, ...(status !== undefined && { status }), clearUnread });
  }
  const groups = new Map<string, Array<{ row: ReadyRow; status?: string; clearUnread: boolean }>>();
  for (const change of changes.values()) {
    const group = `${change.status ?? ""}\n${change.clearUnread}`;
    const members = groups.get(group);
    if (members) members.push(change);
    else groups.set(group, [change]);
  }
  const opened = new Map<string, Opened>();
  for (const group of groups.values()) {
    const [{ status, clearUnread } = { clearUnread: false }] = group;
    const upserted = await upsertMessagedConversations(
      trx,
      organizationId,
      group.map(({ row }) => ({
        contactId: row.parties.contact.id,
        channelId: row.parties.channel.id,
        channelType: row.parties.channel.type,
      })),
      { status, clearUnread },
    );
    for (const entry of upserted)
      opened.set(consentPairKey({ contactId: entry.row.contact_id, channelId: entry.row.channel_id }), entry);
  }
  return opened;
}

/**
 * The writes of the rows that passed the gate (each row's answer as the single send's), each kind in one statement: the contacts core
 * answered for into the projection, the conversations, the messages (composed row by row by
 * their policies), one outbox insert for every event and command. The caller holds the locks.
 */
export async function writeRows(
  trx: Trx,
  deps: ConversationsDeps,
  organizationId: string,
  rows: ReadyRow[],
): Promise<Array<{ row: ReadyRow; sent: SentMessage }>> {
  if (rows.length === 0) return [];
  const fromCore = new Map(rows.filter((row) => row.fromCore).map((row) => [row.parties.contact.id, row]));
  await upsertContacts(
    trx,
    organizationId,
    [...fromCore.values()].map((row) => contactSnapshot(row.parties.contact)),
  );
  const conversations = await openConversations(trx, organizationId, rows);
  const outbound: Array<{ row: ReadyRow; message: NewMessage; conversation: Opened }> = [];
  for (const row of rows) {
    const conversation = conversations.get(pairOf(row));
    if (!conversation) throw new Error(`bulk row ${row.index} has no conversation`);
    const key = { organizationId, contactId: row.parties.contact.id, channelId: row.parties.channel.id };
    const { scheduleAt, automated } = sendIntent(row.message);
    const composed = await row.send.compose(trx, deps, {
      parties: row.parties,
      key,
      conversationId: conversation.row.id,
      automated,
    });
    const message = outboundMessage({
      ...key,
      ...composed,
      conversationId: conversation.row.id,
      kind: row.send.kind,
      automated,
      ...(scheduleAt && { scheduleAt }),
      attribution: {
        campaign_id: row.message.campaign_id,
        campaign_contact_id: row.message.campaign_contact_id,
        step_id: row.message.step_id,
        step_contact_id: row.message.step_contact_id,
      },
    });
    outbound.push({ row, message, conversation });
  }
  const stored = new Map(
    (
      await insertMessages(
        trx,
        outbound.map((o) => o.message),
      )
    ).map((m) => [m.id, m]),
  );
  const events = outbound.flatMap(({ row, message }) => {
    const saved = stored.get(message.id);
    if (!saved) throw new Error(`bulk message ${message.id} was not returned by its insert`);
    return outboundEvents(saved, row.send.kind);
  });
  await enqueue(
    trx,
    ...events,
    ...[...conversations.values()].map((c) => conversationEvent(c.row, c.created)),
  );
  return outbound.map(({ row, message, conversation }) => ({
    row,
    sent: {
      id: message.id,
      contact_id: row.parties.contact.id,
      conversation_id: conversation.row.id,
      delivery_status: message.delivery_status === "scheduled" ? "scheduled" : "queued",
    },
  }));
}
