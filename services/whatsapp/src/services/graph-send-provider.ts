import { type Channel, type EventOf, type SendWhatsAppMessage, ValidationError } from "@relay/domain";
import { assertPublicUrl, lockProviderId, type SendProvider } from "@relay/service-kit";
import type { WhatsAppAccount } from "../channels/directory.js";
import type { WhatsAppDeps } from "../deps.js";
import { messageBody } from "../graph/message-body.js";
import { postMessage } from "../graph/post-message.js";
import { applyMessageStatus } from "./apply-message-status.js";

export type WhatsAppSendPayload = EventOf<typeof SendWhatsAppMessage>["data"];

interface Prepared {
  channel: Channel;
  account: WhatsAppAccount;
  body: Record<string, unknown>;
}

/**
 * The Graph API for the adapter kit's send loop. Each send carries our message id as
 * `biz_opaque_callback_data`, which Meta echoes in its status webhooks: that is how an attempt
 * of unknown outcome is recognized (Meta has no message lookup), so there is no `reconcile`:
 * the loop waits out the reconciliation window for such a webhook before sending again.
 */
export function graphSendProvider(deps: WhatsAppDeps): SendProvider<WhatsAppSendPayload, Prepared> {
  return {
    async prepare(send) {
      const channel = await deps.directory.channel(send.organization_id, send.channel_id);
      if (channel.type !== "whatsapp") throw ValidationError.field("channel_id", "is not a WhatsApp channel");
      const account = await deps.directory.account(send.organization_id, channel.id);
      // Meta fetches media links itself: never point it at an address of ours.
      if (send.payload.media) {
        await assertPublicUrl("media.url", send.payload.media.url, {
          allowPrivate: deps.settings.allowPrivateMedia,
        });
      }
      return {
        channel,
        account,
        body: { ...messageBody(send.payload), biz_opaque_callback_data: send.message_id },
      };
    },

    deliver: (_send, { account, body }) => postMessage(account, deps.settings, body),

    settle: (send, outcome) =>
      deps.transact(async (trx) => {
        if (outcome.status === "sent" && outcome.provider_message_id) {
          await lockProviderId(trx, outcome.provider_message_id);
        }
        await applyMessageStatus(
          trx,
          send.message_id,
          outcome.status === "sent"
            ? { status: "sent", provider_message_id: outcome.provider_message_id }
            : { status: "failed", error_code: outcome.error_code, error_message: outcome.error_message },
        );
      }),
  };
}
