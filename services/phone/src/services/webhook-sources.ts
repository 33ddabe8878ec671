import type { Channel } from "@relay/domain";
import { findSend, findSendByProviderId } from "@relay/service-kit";
import { findCall } from "../db/calls.js";
import type { PhoneDeps } from "../deps.js";

/** A channel that may have sent a webhook; the signature decides which one did. */
export interface WebhookSource {
  organizationId: string;
  channelId: string;
  /** Set when the lookup already returned it. */
  channel?: Channel;
}

/** Channels on the number a webhook names (our number: `To` inbound, `From` for our sends). */
export async function sourcesByNumber(
  deps: Pick<PhoneDeps, "directory">,
  number: string | undefined,
  accountSid: string | undefined,
): Promise<WebhookSource[]> {
  if (!number) return [];
  const matches = await deps.directory.byPhone(number, accountSid);
  return matches.map((match) => ({
    organizationId: match.organization_id,
    channelId: match.channel.id,
    channel: match.channel,
  }));
}

/** The channel of a message we sent, by Twilio's MessageSid. */
export async function sourcesBySend(deps: Pick<PhoneDeps, "db">, messageSid: string | undefined) {
  const send = messageSid ? await findSendByProviderId(deps.db, messageSid) : undefined;
  return send ? [{ organizationId: send.organization_id, channelId: send.channel_id }] : [];
}

/** The channel of our message a status callback URL names (`?send=<message id>`). */
export async function sourcesBySendId(deps: Pick<PhoneDeps, "db">, messageId: string | undefined) {
  const valid = messageId !== undefined && /^[0-9a-f-]{36}$/i.test(messageId);
  const send = valid ? await findSend(deps.db, messageId) : undefined;
  return send ? [{ organizationId: send.organization_id, channelId: send.channel_id }] : [];
}

/** The channel of a call we answered, by its CallSid. */
export async function sourcesByCall(deps: Pick<PhoneDeps, "db">, callSid: string | undefined) {
  const call = callSid ? await findCall(deps.db, callSid) : undefined;
  return call ? [{ organizationId: call.organization_id, channelId: call.channel_id }] : [];
}
