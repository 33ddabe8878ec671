import { ForbiddenError, type SentMessage } from "@relay/domain";
import { type ChannelScope, type IdempotencyKey, inChannelScope } from "@relay/service-kit";
import { lockConsents } from "../db/consents.js";
import type { ConversationsDeps } from "../deps.js";
import type { SendPolicy, SendRequest } from "../policies/policy.js";
import { resolveParties } from "../policies/send-parties.js";
import { applyOptIns } from "./apply-opt-ins.js";
import { openConversationForSend } from "./open-conversation-for-send.js";
import { queueOutbound } from "./queue-outbound.js";
import { resolveOptIns } from "./resolve-opt-ins.js";
import { sendIntent } from "./send-intent.js";
import { syncContact } from "./sync-contact.js";

/**
 * `POST /messaging/{sms,email,whatsapp}`, through the channel's policy: channel by `from`,
 * contact by `to` (created if new) and the policy's checks, the request's opt-ins, the consent
 * lock and check (422 when opted out), the conversation found or opened, and the message stored
 * `queued` with its send command, or `scheduled` when `schedule_at` is still ahead. One
 * transaction, under the request's `Idempotency-Key`: all of it happens, or none. A web agent
 * (`scope`) sends only from the channels they may use.
 */
export async function sendMessage<Input extends SendRequest>(
  deps: ConversationsDeps,
  policy: SendPolicy<Input>,
  organizationId: string,
  input: Input,
  idempotency?: IdempotencyKey,
  scope?: ChannelScope,
): Promise<SentMessage> {
  const parties = await resolveParties(deps, policy, organizationId, input);
  const { channel, contact } = parties;
  if (!inChannelScope(scope, channel.id)) throw new ForbiddenError("you may not send from this channel");
  const optIns = await resolveOptIns(deps, organizationId, input);
  const { scheduleAt, automated } = sendIntent(input);
  const key = { organizationId, contactId: contact.id, channelId: channel.id };

  return deps.transact(
    async (trx) => {
      // Every consent this send reads or changes, locked first and in one order (no deadlocks).
      await lockConsents(
        trx,
        [...optIns, channel.id].map((channelId) => ({ ...key, channelId })),
      );
      await policy.precheck?.(trx, key, input);
      // A contact core answered for goes into the projection; one taken from it is there already.
      if (parties.fromCore) await syncContact(trx, organizationId, contact);
      await applyOptIns(trx, { ...key, channelIds: optIns, source: "send_opt_in" });
      const conversation = await openConversationForSend(
        trx,
        { ...key, channelType: channel.type },
        { status: input.conversation_status, clearUnread: !automated },
      );
      const composed = await policy.compose(trx, deps, {
        input,
        parties,
        key,
        conversationId: conversation.row.id,
        automated,
      });
      const row = await queueOutbound(
        trx,
        {
          ...key,
          ...composed,
          conversationId: conversation.row.id,
          kind: policy,
          automated,
          ...(scheduleAt && { scheduleAt }),
        },
        [conversation.event],
      );
      return {
        id: row.id,
        contact_id: contact.id,
        conversation_id: conversation.row.id,
        delivery_status: row.delivery_status === "scheduled" ? "scheduled" : "queued",
      };
    },
    { idempotency },
  );
}
