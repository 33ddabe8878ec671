/** What an inbound message that is exactly one keyword asks for. */
export type Keyword = "opt_out" | "opt_in" | "help";

const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"]);
const OPT_IN = new Set(["START", "UNSTOP", "YES"]);
const HELP = new Set(["HELP"]);

/** The keyword a whole message is, ignoring case and whitespace ("  Stop\n", "opt out"); else undefined. */
export function keywordOf(body: string): Keyword | undefined {
  const word = body.replace(/\s+/g, "").toUpperCase();
  if (OPT_OUT.has(word)) return "opt_out";
  if (OPT_IN.has(word)) return "opt_in";
  if (HELP.has(word)) return "help";
  return undefined;
}

export const OPT_OUT_CONFIRMATION =
  "You have been unsubscribed and will receive no more messages from this number. Reply START to resubscribe.";
export const OPT_IN_CONFIRMATION =
  "You have been resubscribed and will receive messages from this number again. Reply STOP to unsubscribe.";
/** The answer to HELP on a channel without its own help text. */
export const DEFAULT_HELP_TEXT =
  "Reply STOP to unsubscribe, START to resubscribe. Msg & data rates may apply.";
