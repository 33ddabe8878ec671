export { type Keyword, keywordOf } from "@relay/domain";

export const OPT_OUT_CONFIRMATION =
  "You have been unsubscribed and will receive no more messages from this number. Reply START to resubscribe.";
export const OPT_IN_CONFIRMATION =
  "You have been resubscribed and will receive messages from this number again. Reply STOP to unsubscribe.";
/** The answer to HELP on a channel without its own help text. */
export const DEFAULT_HELP_TEXT =
  "Reply STOP to unsubscribe, START to resubscribe. Msg & data rates may apply.";
