import { parseOrThrow } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { PhoneDeps } from "../deps.js";
import { afterDial } from "../services/after-dial.js";
import { answerCall } from "../services/answer-call.js";
import { authenticateWebhook } from "../services/authenticate-webhook.js";
import { recordVoicemail } from "../services/record-voicemail.js";
import { updateCall } from "../services/update-call.js";
import { sourcesByCall, sourcesByNumber } from "../services/webhook-sources.js";
import type { FormParams } from "../twilio/form.js";
import { flattenForm, formValue } from "../twilio/form.js";
import { emptyTwiml, hangupTwiml } from "../twilio/twiml.js";
import { CallParams, DialParams, RecordingParams } from "../twilio/webhook-params.js";
import { readSignedRequest, twiml } from "./twilio-request.js";

/** Our number on a call: `To` when it came in, `From` when we placed it. */
function ourNumber(params: FormParams): string | undefined {
  const outbound = (formValue(params, "Direction") ?? "inbound").startsWith("outbound");
  return formValue(params, outbound ? "From" : "To");
}

/** `/webhooks/twilio/voice*`: answer calls with TwiML, follow their status, keep voicemails. */
export function voiceWebhookRoutes(deps: PhoneDeps) {
  const app = new Hono<AppEnv>();
  const byCallThenNumber = (params: FormParams) => [
    () => sourcesByCall(deps, formValue(params, "CallSid")),
    () => sourcesByNumber(deps, ourNumber(params), formValue(params, "AccountSid")),
  ];

  app.post("/", async (c) => {
    const request = await readSignedRequest(c, deps.settings.publicBaseUrl);
    const { params } = request;
    const source = await authenticateWebhook(deps, request, [
      () => sourcesByNumber(deps, formValue(params, "To"), formValue(params, "AccountSid")),
    ]);
    const call = parseOrThrow(CallParams, flattenForm(params));
    const channel = source.channel ?? (await deps.directory.channel(source.organizationId, source.channelId));
    return twiml(c, await answerCall(deps, source.organizationId, channel, call, params));
  });

  app.post("/status", async (c) => {
    const request = await readSignedRequest(c, deps.settings.publicBaseUrl);
    const source = await authenticateWebhook(deps, request, byCallThenNumber(request.params));
    const call = parseOrThrow(CallParams, flattenForm(request.params));
    await updateCall(deps, source, call, request.params);
    return twiml(c, emptyTwiml());
  });

  app.post("/recording", async (c) => {
    const request = await readSignedRequest(c, deps.settings.publicBaseUrl);
    const source = await authenticateWebhook(deps, request, byCallThenNumber(request.params));
    const recording = parseOrThrow(RecordingParams, flattenForm(request.params));
    await recordVoicemail(deps, source, recording, request.params);
    return twiml(c, hangupTwiml());
  });

  app.post("/dial", async (c) => {
    const request = await readSignedRequest(c, deps.settings.publicBaseUrl);
    await authenticateWebhook(deps, request, byCallThenNumber(request.params));
    const dial = parseOrThrow(DialParams, flattenForm(request.params));
    return twiml(c, afterDial(deps, dial));
  });

  return app;
}
