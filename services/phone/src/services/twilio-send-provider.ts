import { type Channel, type EventOf, type SendPhoneMessage, ValidationError } from "@relay/domain";
import { assertPublicUrl, type SendProvider } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";
import type { TwilioAccount } from "../twilio/clients.js";
import { findTwilioMessage } from "./find-twilio-message.js";
import { recordSendOutcome } from "./record-send-outcome.js";
import { recordSent } from "./record-sent.js";

export type PhoneSendPayload = EventOf<typeof SendPhoneMessage>["data"];

interface Prepared {
  channel: Channel;
  account: TwilioAccount;
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
      return { channel, account };
    },

    deliver(send, { account }) {
      const { to, from, body, media_urls } = send.payload;
      return deps.twilio.messages.create(account, {
        to,
        from,
        body,
        mediaUrls: media_urls,
        statusCallback: `${deps.settings.publicBaseUrl}/webhooks/twilio/status?send=${send.message_id}`,
      });
    },

    reconcile: (send, { account }) => findTwilioMessage(deps.db, deps.twilio.for(account), send),

    settle: (send, outcome) => {
      if (outcome.status === "sent" && outcome.provider_message_id && !outcome.reconciled) {
        return recordSent(deps, send, outcome.provider_message_id);
      }
      return recordSendOutcome(
        deps,
        send,
        outcome.status === "sent"
          ? { status: "sent", provider_message_id: outcome.provider_message_id }
          : { status: "failed", error_code: outcome.error_code, error_message: outcome.error_message },
      );
    },
  };
}
