import { ForbiddenError } from "@relay/domain";
import type { WhatsAppDeps } from "../deps.js";

/**
 * Meta's subscription handshake: `hub.mode=subscribe` with a verify token some WhatsApp channel
 * (or the sandbox) holds → the challenge to echo; anything else → 403.
 */
export async function verifySubscription(
  deps: Pick<WhatsAppDeps, "directory">,
  query: { mode?: string; token?: string; challenge?: string },
): Promise<string> {
  if (query.mode !== "subscribe" || !query.token || query.challenge === undefined) {
    throw new ForbiddenError("not a webhook subscription request");
  }
  if (!(await deps.directory.knowsVerifyToken(query.token))) throw new ForbiddenError("unknown verify token");
  return query.challenge;
}
