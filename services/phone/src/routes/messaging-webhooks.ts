import { parseOrThrow } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { PhoneDeps } from "../deps.js";
import { authenticateWebhook } from "../services/authenticate-webhook.js";
import { namedSendOf } from "../services/named-send.js";
import { receiveMessage } from "../services/receive-message.js";
import { receiveMessageStatus } from "../services/receive-message-status.js";
import { sourcesByNumber, sourcesBySend, sourcesBySendId } from "../services/webhook-sources.js";
import { flattenForm, formValue } from "../twilio/form.js";
import { emptyTwiml } from "../twilio/twiml.js";
import { InboundSmsParams, MessageStatusParams } from "../twilio/webhook-params.js";
import { readSignedRequest, twiml } from "./twilio-request.js";

/** `/webhooks/twilio/sms` (inbound SMS/MMS) and `/webhooks/twilio/status` (message status). */
export function messagingWebhookRoutes(deps: PhoneDeps) {
  const app = new Hono<AppEnv>();

  app.post("/sms", async (c) => {
    const request = await readSignedRequest(c, deps.settings.publicBaseUrl);
    const { params } = request;
    const source = await authenticateWebhook(deps, request, [
      () => sourcesByNumber(deps, formValue(params, "To"), formValue(params, "AccountSid")),
    ]);
    const sms = parseOrThrow(InboundSmsParams, flattenForm(params));
    await receiveMessage(deps, source, sms, params);
    return twiml(c, emptyTwiml());
  });

  app.post("/status", async (c) => {
    const request = await readSignedRequest(c, deps.settings.publicBaseUrl);
    const { params } = request;
    // Our callback URL names the send: one lookup places the callback, even before we know its sid.
    const named = await namedSendOf(deps, c.req.query("send"), formValue(params, "MessageSid"));
    const source = await authenticateWebhook(
      deps,
      request,
      named
        ? [async () => [{ organizationId: named.organization_id, channelId: named.channel_id }]]
        : [
            () => sourcesBySend(deps, formValue(params, "MessageSid")),
            // A send named that holds another sid: the callback is stored, unapplied.
            () => sourcesBySendId(deps, c.req.query("send")),
            // Our number is the sender; used when the callback beats the send's own record.
            () => sourcesByNumber(deps, formValue(params, "From"), formValue(params, "AccountSid")),
          ],
    );
    const callback = parseOrThrow(MessageStatusParams, flattenForm(params));
    await receiveMessageStatus(deps, source, callback, params, named);
    return twiml(c, emptyTwiml());
  });

  return app;
}
