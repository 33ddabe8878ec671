import { waitFor } from "../../wait-for.js";
import { listen, sendJson } from "../twilio/http-server.js";
import type {
  FakePhoneNumber,
  FakeWhatsAppMessage,
  InboundBase,
  InboundSent,
  RunningWhatsAppFake,
  WhatsAppFakeOptions,
} from "./fake-types.js";
import { type GraphApiState, handleGraphRequest } from "./graph-api.js";
import { newMediaId, newWamid } from "./ids.js";
import { postSigned, verifySubscription } from "./webhook-client.js";
import { inboundMessage, statusUpdate, webhookEnvelope } from "./webhook-payloads.js";

const digits = (phone: string) => phone.replace(/\D/g, "");
const opaqueOf = (message: FakeWhatsAppMessage | undefined) => {
  const value = message?.body.biz_opaque_callback_data;
  return typeof value === "string" ? value : undefined;
};

/**
 * A stand-in for Meta's Graph API (WHATSAPP_API_URL): validates and records sends, answers with
 * wamids or Meta's errors, and posts signed webhooks as a contact or as Meta's status updates.
 */
export async function startWhatsAppFake(options: WhatsAppFakeOptions): Promise<RunningWhatsAppFake> {
  const numberOf = (id: string): FakePhoneNumber | undefined =>
    options.phoneNumbers[id] ?? options.anyPhoneNumber;
  const state: GraphApiState = { numberOf, messages: [], failures: [], log: options.log };
  const server = await listen(
    async (req, res) => {
      if (options.intercept && (await options.intercept(req, res))) return;
      if (!(await handleGraphRequest(state, req, res)))
        sendJson(res, 404, { error: { message: "Unknown path" } });
    },
    options.port ?? 0,
    options.host,
  );

  const secretOf = (phoneNumberId: string, override?: string) => {
    const secret = override ?? numberOf(phoneNumberId)?.appSecret;
    if (!secret) throw new Error(`the fake has no phone number ${phoneNumberId}`);
    return secret;
  };
  const business = (phoneNumberId: string, display?: string) => ({
    phoneNumberId,
    displayPhoneNumber: display ?? numberOf(phoneNumberId)?.displayPhoneNumber ?? digits(phoneNumberId),
  });
  const inbound = async (
    base: InboundBase,
    type: string,
    content: Record<string, unknown>,
  ): Promise<InboundSent> => {
    const id = base.id ?? newWamid();
    const payload = webhookEnvelope(
      business(base.phoneNumberId, base.displayPhoneNumber),
      inboundMessage(digits(base.from), id, type, content),
    );
    const answer = await postSigned(base.url, payload, {
      appSecret: secretOf(base.phoneNumberId, base.appSecret),
      signature: base.signature,
    });
    return { ...answer, id, payload };
  };

  return {
    url: server.url,
    messages: state.messages,
    waitForMessage: (predicate, timeoutMs = 10_000): Promise<FakeWhatsAppMessage> =>
      waitFor(() => state.messages.find(predicate), { timeoutMs, description: "a WhatsApp send" }),
    failNext(count, status = 429) {
      for (let i = 0; i < count; i++) state.failures.push(status);
    },
    sendInboundText: (o) => inbound(o, "text", { text: { body: o.body } }),
    sendInboundMedia: (o) =>
      inbound(o, o.mediaType, {
        [o.mediaType]: {
          id: o.mediaId ?? newMediaId(),
          mime_type: o.mimeType,
          sha256: "9eb8e3b8b5cd0a0cc1b3a64a1dd33f5f8a3c8a0d1c1a1e4e7f6e5d4c3b2a1908",
          ...(o.caption !== undefined ? { caption: o.caption } : {}),
        },
      }),
    sendButtonReply: (o) =>
      o.kind === "interactive"
        ? inbound(o, "interactive", {
            interactive: {
              type: "button_reply",
              button_reply: { id: o.payload ?? "button-1", title: o.text },
            },
          })
        : inbound(o, "button", { button: { text: o.text, payload: o.payload ?? o.text } }),
    async sendStatus(o) {
      const payload = webhookEnvelope(
        business(o.phoneNumberId),
        statusUpdate(
          o.wamid,
          o.status,
          digits(o.recipientId ?? "15550001111"),
          o.errors,
          opaqueOf(state.messages.find((m) => m.wamid === o.wamid)),
        ),
      );
      const answer = await postSigned(o.url, payload, {
        appSecret: secretOf(o.phoneNumberId),
        signature: o.signature,
      });
      return { ...answer, id: o.wamid, payload };
    },
    postSigned,
    verify: verifySubscription,
    stop: () => server.close(),
  };
}
