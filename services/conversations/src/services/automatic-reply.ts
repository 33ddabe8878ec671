import { type Channel, isOpenAt } from "@relay/domain";
import type { Transaction } from "kysely";
import type { ConsentKey } from "../db/consents.js";
import type { ConversationRow, ConversationsDB } from "../db/schema.js";
import { isOptedOut } from "./consent-check.js";

/**
 * The channel's automatic reply to an inbound message, if one is due: the open or closed text
 * by the channel's opening hours in its time zone, at most once per conversation per cooldown,
 * never to a contact who opted out.
 */
export async function automaticReply(
  trx: Transaction<ConversationsDB>,
  key: ConsentKey,
  input: { channel: Channel; conversation: ConversationRow; cooldownSeconds: number; at: Date },
): Promise<string | undefined> {
  const { channel, conversation, at } = input;
  const open = isOpenAt(channel.opening_hours, channel.timezone, at);
  const text = open ? channel.automatic_response_open : channel.automatic_response_closed;
  if (!text) return undefined;
  const last = conversation.last_auto_response_at;
  if (last && at.getTime() - last.getTime() < input.cooldownSeconds * 1000) return undefined;
  if (await isOptedOut(trx, key)) return undefined;
  return text;
}
