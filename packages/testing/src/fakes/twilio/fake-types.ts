import type { RequestHandler } from "./http-server.js";
import type { InboundMedia } from "./inbound-params.js";
import type { DeliveryOutcome } from "./magic-numbers.js";
import type { FakeMessage } from "./message-resource.js";
import type { FormParams } from "./signature.js";
import type { PostSignedOptions, WebhookResponse } from "./webhook-client.js";

export interface TwilioFakeOptions {
  /** Account SID → auth token; API calls authenticate with these and webhooks are signed with them. */
  accounts: Record<string, string>;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** Pause before each status step (queued, sent, delivered…), in ms. Default 5. */
  statusDelayMs?: number;
  /** How messages end unless a magic number or `setDeliveryOutcome` says otherwise. Default delivered. */
  defaultOutcome?: DeliveryOutcome;
  /** Called with one line per message sent or received, call placed, and delivery outcome. */
  log?: (line: string) => void;
}

/** One status callback the fake posted. */
export interface CallbackDelivery {
  url: string;
  params: FormParams;
  signature: string;
  /** The receiver's HTTP status; absent when the POST itself failed (see `error`). */
  status?: number;
  error?: string;
  at: Date;
}

export interface InboundSmsInput {
  /** The platform's SMS webhook, e.g. `http://127.0.0.1:8080/webhooks/twilio/sms`. */
  url: string;
  accountSid: string;
  /** The contact's number. */
  from: string;
  /** The platform's (channel's) number. */
  to: string;
  body?: string;
  mediaUrls?: InboundMedia[];
  messagingServiceSid?: string;
  /** Reuse a SID to simulate Twilio retrying the same webhook. */
  messageSid?: string;
}

export interface InboundSmsResult extends WebhookResponse {
  messageSid: string;
  /** `<Message>` replies in the webhook's TwiML, recorded as sent messages (direction `outbound-reply`). */
  replies: FakeMessage[];
}

export interface InboundCallInput {
  /** The platform's voice webhook, e.g. `…/webhooks/twilio/voice`. */
  url: string;
  accountSid: string;
  from: string;
  to: string;
  callSid?: string;
}

export interface InboundCallResult extends WebhookResponse {
  callSid: string;
  /** The TwiML the platform answered with (same as `body`). */
  twiml: string;
}

export interface CallStatusInput {
  url: string;
  accountSid: string;
  callSid: string;
  from: string;
  to: string;
  /** Twilio's CallStatus: `ringing`, `in-progress`, `completed`, `busy`, `no-answer`, `failed`, `canceled`. */
  status: string;
  durationSeconds?: number;
  direction?: "inbound" | "outbound-api" | "outbound-dial";
}

export interface RecordingInput {
  url: string;
  accountSid: string;
  callSid: string;
  durationSeconds: number;
  /** Default: Twilio's recording URL for a new `RE…` SID. */
  recordingUrl?: string;
  recordingSid?: string;
}

export interface RecordingResult extends WebhookResponse {
  recordingSid: string;
  recordingUrl: string;
}

export type InjectedFailure = 429 | 500 | 503;

/** A Twilio fake, not yet listening (see `startTwilioFake`), e.g. to mount under another server. */
export interface TwilioFake {
  /** Everything sent through the API (and TwiML replies), oldest first. Live: updates as statuses move. */
  readonly messages: readonly FakeMessage[];
  /** Every status callback posted, in order. */
  readonly callbacks: readonly CallbackDelivery[];
  /** The HTTP handler serving Twilio's REST API. */
  handle: RequestHandler;
  authTokenFor(accountSid: string): string;
  waitForMessage(predicate: (message: FakeMessage) => boolean, timeoutMs?: number): Promise<FakeMessage>;
  waitForCallback(
    predicate: (callback: CallbackDelivery) => boolean,
    timeoutMs?: number,
  ): Promise<CallbackDelivery>;
  /** The next `count` message creates answer this status with Twilio's error body (20429, 20500, 20503). */
  failNext(count: number, status?: InjectedFailure): void;
  /**
   * Holds each create's answer this long after the message is recorded (0: answer at once), as
   * a slow Twilio does: a client that dies meanwhile has sent a message it never heard about.
   */
  delayResponses(ms: number): void;
  /** Forces how messages to `to` end (`undefined` clears it). */
  setDeliveryOutcome(to: string, outcome: DeliveryOutcome | undefined): void;
  /** Forgets messages, callbacks, injected failures and outcomes; drops pending status steps. */
  reset(): void;
  sendInboundSms(input: InboundSmsInput): Promise<InboundSmsResult>;
  placeInboundCall(input: InboundCallInput): Promise<InboundCallResult>;
  sendCallStatus(input: CallStatusInput): Promise<WebhookResponse>;
  sendRecording(input: RecordingInput): Promise<RecordingResult>;
  /** Posts raw form params signed with `options.authToken` (or with `options.signature` as given). */
  postSigned(url: string, params: FormParams, options: PostSignedOptions): Promise<WebhookResponse>;
  /** Drops pending status steps for good. */
  close(): void;
}

export interface RunningTwilioFake extends TwilioFake {
  /** Base URL of the fake's REST API, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}
