import { type Channel, type EventOf, type SendPhoneMessage, ValidationError } from "@relay/domain";
import { assertPublicUrl, type SendProvider } from "@relay/service-kit";
import type twilio from "twilio";
import type { PhoneDeps } from "../deps.js";
import { toProviderError } from "../twilio/provider-error.js";
import { findTwilioMessage } from "./find-twilio-message.js";
import { recordSendOutcome } from "./record-send-outcome.js";

export type PhoneSendPayload = EventOf<typeof SendPhoneMessage>["data"];

interface Prepared {
  channel: Channel;
  client: twilio.Twilio;
}

/**
 * Twilio for the adapter kit's send loop: one `Messages.create` per attempt, with a status
 * callback URL that names our message, so Twilio's callbacks identify a send even when its
 * SID was never recorded; an attempt of unknown outcome is looked up in Twilio's message list.
 */
export function twilioSendProvider(deps: PhoneDeps): SendProvider<PhoneSendPayload, Prepared> {
  return {
    async prepare(send) {
      const channel = await deps.directory.channel(send.organization_id, send.channel_id);
      if (channel.type !== "phone") throw ValidationError.field("channel_id", "is not a phone channel");
      const account = await deps.directory.account(send.organization_id, channel.id);
      // Twilio fetches MMS media itself: never point it at an address of ours.
      for (const [i, url] of send.payload.media_urls.entries()) {
        await assertPublicUrl(`media_urls.${i}`, url, { allowPrivate: deps.settings.allowPrivateMedia });
      }
      return { channel, client: deps.twilio.for(account) };
    },

    async deliver(send, { client }) {
      const { to, from, body, media_urls } = send.payload;
      const message = await client.messages
        .create({
          to,
          from,
          ...(body !== undefined ? { body } : {}),
          ...(media_urls.length > 0 ? { mediaUrl: media_urls } : {}),
          statusCallback: `${deps.settings.publicBaseUrl}/webhooks/twilio/status?send=${send.message_id}`,
        })
        .catch((error: unknown) => {
          throw toProviderError(error);
        });
      return message.sid;
    },

    reconcile: (send, { client }) => findTwilioMessage(deps.db, client, send),

    settle: (send, outcome) =>
      recordSendOutcome(
        deps,
        send,
        outcome.status === "sent"
          ? { status: "sent", provider_message_id: outcome.provider_message_id }
          : { status: "failed", error_code: outcome.error_code, error_message: outcome.error_message },
      ),
  };
}
