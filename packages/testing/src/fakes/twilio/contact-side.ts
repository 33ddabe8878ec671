import type {
  CallStatusInput,
  InboundCallInput,
  InboundCallResult,
  InboundSmsInput,
  InboundSmsResult,
  RecordingInput,
  RecordingResult,
} from "./fake-types.js";
import { newSid } from "./ids.js";
import { callStatusExtras, inboundSmsParams, recordingParams, voiceParams } from "./inbound-params.js";
import type { FakeMessage } from "./message-resource.js";
import { type TwimlMessage, twimlMessages } from "./twiml.js";
import { postSigned, type WebhookResponse } from "./webhook-client.js";

export interface ContactSideDeps {
  authTokenFor(accountSid: string): string;
  /** Records a TwiML `<Message>` reply as a message the platform sent. */
  recordReply(accountSid: string, reply: TwimlMessage, inbound: { from: string; to: string }): FakeMessage;
  log(line: string): void;
}

/** What the contact's phone (through Twilio) does to the platform: texts, calls, hangs up, leaves voicemail. */
export function contactSide(deps: ContactSideDeps) {
  const post = (url: string, accountSid: string, params: Parameters<typeof postSigned>[1]) =>
    postSigned(url, params, { authToken: deps.authTokenFor(accountSid) });

  return {
    async sendInboundSms(input: InboundSmsInput): Promise<InboundSmsResult> {
      const media = input.mediaUrls ?? [];
      const messageSid = input.messageSid ?? newSid(media.length > 0 ? "MM" : "SM");
      const params = inboundSmsParams({ ...input, messageSid, body: input.body ?? "", media });
      const response = await post(input.url, input.accountSid, params);
      const withMedia = media.length > 0 ? ` [${media.length} media]` : "";
      deps.log(
        `sms in   ${messageSid} ${input.from} → ${input.to}: ${JSON.stringify(input.body ?? "")}${withMedia} → HTTP ${response.status}`,
      );
      const ok = response.status >= 200 && response.status < 300;
      const replies = ok
        ? twimlMessages(response.body).map((reply) => deps.recordReply(input.accountSid, reply, input))
        : [];
      return { ...response, messageSid, replies };
    },

    async placeInboundCall(input: InboundCallInput): Promise<InboundCallResult> {
      const callSid = input.callSid ?? newSid("CA");
      const params = voiceParams({ ...input, callSid, status: "ringing" });
      const response = await post(input.url, input.accountSid, params);
      deps.log(`call in  ${callSid} ${input.from} → ${input.to} → HTTP ${response.status}`);
      return { ...response, callSid, twiml: response.body };
    },

    async sendCallStatus(input: CallStatusInput): Promise<WebhookResponse> {
      const sequence = input.status === "completed" ? 1 : 0;
      const params = {
        ...voiceParams({ ...input, direction: input.direction }),
        ...callStatusExtras(input.status, input.durationSeconds, sequence),
      };
      return post(input.url, input.accountSid, params);
    },

    async sendRecording(input: RecordingInput): Promise<RecordingResult> {
      const recordingSid = input.recordingSid ?? newSid("RE");
      const recordingUrl =
        input.recordingUrl ??
        `https://api.twilio.com/2010-04-01/Accounts/${input.accountSid}/Recordings/${recordingSid}`;
      const params = recordingParams({ ...input, recordingSid, recordingUrl });
      const response = await post(input.url, input.accountSid, params);
      return { ...response, recordingSid, recordingUrl };
    },
  };
}
