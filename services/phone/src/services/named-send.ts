import { findSendState, type SendState } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The send a status callback's URL names (`?send=<message id>`, covered by Twilio's signature),
 * when it is the send of this sid: it has that sid, or none yet (the callback beat our record of
 * Twilio's answer). A send holding another sid is not this callback's to place. What this
 * instance committed about the send answers without a lookup (see send-states.ts).
 */
export async function namedSendOf(
  deps: Pick<PhoneDeps, "db" | "sends">,
  named: string | undefined,
  sid: string | undefined,
): Promise<SendState | undefined> {
  if (!named || !sid || !UUID.test(named)) return undefined;
  const known = deps.sends.get(named.toLowerCase(), sid);
  if (known) return known;
  const send = await findSendState(deps.db, named);
  if (send?.provider_message_id === sid) deps.sends.reached(send);
  const ours = send && (send.provider_message_id === null || send.provider_message_id === sid);
  return ours ? send : undefined;
}
