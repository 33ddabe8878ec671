import type { Channel } from "@relay/domain";
import type { Transaction } from "kysely";
import type { ConsentKey } from "../db/consents.js";
import type { ConversationsDB } from "../db/schema.js";
import { isOptedOut } from "./consent-check.js";
import { DEFAULT_HELP_TEXT, type Keyword, OPT_IN_CONFIRMATION, OPT_OUT_CONFIRMATION } from "./keywords.js";
import { setConsent } from "./set-consent.js";

export interface KeywordReply {
  body: string;
  /** The opt-out confirmation: the one message an opted-out contact receives. */
  optOutConfirmation?: true;
}

/**
 * Acts on a keyword: STOP & co. opt the contact out of the channel, START & co. opt them back
 * in (an opt-out confirmed once when the state changed, an opt-in only when it undid an opt-out), HELP answers with the channel's help text
 * (unless they opted out). Returns the reply to send, if any; a channel that sends no replies
 * (`silent`: email) only changes consent.
 */
export async function answerKeyword(
  trx: Transaction<ConversationsDB>,
  key: ConsentKey,
  keyword: Keyword,
  input: { text: string; channel: Channel; silent?: boolean },
): Promise<KeywordReply | undefined> {
  if (keyword === "help") {
    if (input.silent || (await isOptedOut(trx, key))) return undefined;
    return { body: input.channel.help_text ?? DEFAULT_HELP_TEXT };
  }
  const optIn = keyword === "opt_in";
  const { changed, wasOptedOut } = await setConsent(trx, {
    ...key,
    optIn,
    source: "keyword",
    detail: input.text.trim().slice(0, 100),
    strength: "explicit",
  });
  if (!changed || input.silent) return undefined;
  // "YES" answers a campaign far more often than it undoes a STOP: only a resubscription is confirmed.
  if (optIn) return wasOptedOut ? { body: OPT_IN_CONFIRMATION } : undefined;
  return { body: OPT_OUT_CONFIRMATION, optOutConfirmation: true };
}
