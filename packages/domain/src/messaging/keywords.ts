/** What an inbound message that is exactly one keyword asks for (carriers' standard words). */
export type Keyword = "opt_out" | "opt_in" | "help";

const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"]);
const OPT_IN = new Set(["START", "UNSTOP", "YES"]);
const HELP = new Set(["HELP"]);

/**
 * The keyword a whole message is, ignoring case and whitespace ("  Stop\n", "opt out"); else
 * undefined. Conversations acts on it (consent, answers); sequences read an opt-out reply as one.
 */
export function keywordOf(body: string): Keyword | undefined {
  const word = body.replace(/\s+/g, "").toUpperCase();
  if (OPT_OUT.has(word)) return "opt_out";
  if (OPT_IN.has(word)) return "opt_in";
  if (HELP.has(word)) return "help";
  return undefined;
}
