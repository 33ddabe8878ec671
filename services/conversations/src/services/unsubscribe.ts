import { NotFoundError } from "@relay/domain";
import type { ConversationsDeps } from "../deps.js";
import { setConsent } from "./set-consent.js";
import { type UnsubscribeSubject, verifyUnsubscribe } from "./unsubscribe-token.js";

/** The subject of a genuine unsubscribe token; anything else is a 404 (the link does not exist). */
export function requireUnsubscribeToken(
  deps: Pick<ConversationsDeps, "email">,
  token: string,
): UnsubscribeSubject {
  const subject = verifyUnsubscribe(deps.email.unsubscribeKey, token);
  if (!subject) throw new NotFoundError("unsubscribe link");
  return subject;
}

/**
 * One-click unsubscribe (RFC 8058): opts the contact out of the channel the link was sent on,
 * source `unsubscribe_link`, with the usual ledger row and `consent.changed` event. Clicking
 * again changes nothing.
 */
export async function unsubscribe(
  deps: Pick<ConversationsDeps, "email" | "transact">,
  token: string,
): Promise<UnsubscribeSubject> {
  const subject = requireUnsubscribeToken(deps, token);
  await deps.transact((trx) =>
    setConsent(trx, {
      ...subject,
      optIn: false,
      source: "unsubscribe_link",
      detail: "List-Unsubscribe one-click link",
      strength: "explicit",
    }),
  );
  return subject;
}
