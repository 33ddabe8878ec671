import type { ChannelMatch } from "@relay/domain";
import type { ParsedMail } from "mailparser";
import type { EmailDeps } from "../deps.js";
import { applyBounce } from "./apply-bounce.js";
import { parseBounce } from "./parse-bounce.js";
import { receiveMail } from "./receive-mail.js";

/**
 * A mail the listener accepted for these channels: a bounce of one of our messages updates
 * that message; anything else is stored and reported once per channel.
 */
export async function acceptMail(deps: EmailDeps, mail: ParsedMail, matches: ChannelMatch[]): Promise<void> {
  const bounce = parseBounce(mail);
  if (bounce) {
    if (await applyBounce(deps, bounce)) return;
    deps.logger.info({ original: bounce.originalMessageId }, "bounce for a message we did not send: dropped");
    return;
  }
  for (const match of matches) await receiveMail(deps, mail, match);
}
