import type { Channel } from "@relay/domain";
import type { Transaction } from "kysely";
import type { ConsentKey } from "../db/consents.js";
import type { ConversationRow, ConversationsDB } from "../db/schema.js";
import { answerKeyword, type KeywordReply } from "./answer-keyword.js";
import { automaticReply } from "./automatic-reply.js";
import { keywordOf } from "./keywords.js";

export interface InboundAnswer extends KeywordReply {
  /** The channel's automatic reply (its cooldown starts now), rather than a keyword's answer. */
  automatic?: true;
}

/**
 * What an inbound message gets back: a keyword's effect and answer, else the channel's automatic
 * reply. On a channel without `replies` (email) a keyword only changes consent and nothing is sent.
 */
export async function answerInbound(
  trx: Transaction<ConversationsDB>,
  key: ConsentKey,
  input: {
    text: string;
    channel: Channel;
    conversation: ConversationRow;
    cooldownSeconds: number;
    replies: boolean;
  },
): Promise<InboundAnswer | undefined> {
  const keyword = keywordOf(input.text);
  if (keyword) {
    return answerKeyword(trx, key, keyword, {
      text: input.text,
      channel: input.channel,
      silent: !input.replies,
    });
  }
  if (!input.replies) return undefined;
  const text = await automaticReply(trx, key, { ...input, at: new Date() });
  return text ? { body: text, automatic: true } : undefined;
}
