import type { IncomingMessage, ServerResponse } from "node:http";
import type { WebhookAnswer } from "./webhook-client.js";
import type { StatusError } from "./webhook-payloads.js";

export interface FakePhoneNumber {
  accessToken: string;
  appSecret: string;
  /** Digits, as in webhook metadata; defaults to the phone-number id when that is all digits. */
  displayPhoneNumber?: string;
}

export interface WhatsAppFakeOptions {
  phoneNumbers: Record<string, FakePhoneNumber>;
  /** Accepts any phone-number id with these secrets (the sandbox: ids are the channel's digits). */
  anyPhoneNumber?: FakePhoneNumber;
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Handles a request before the Graph API does (the sandbox's control routes); true if it did. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** A message the fake accepted: the exact body the platform posted. */
export interface FakeWhatsAppMessage {
  wamid: string;
  phoneNumberId: string;
  apiVersion: string;
  to: string;
  type: string;
  body: Record<string, unknown>;
  receivedAt: Date;
}

export interface InboundBase {
  /** The adapter's webhook URL. */
  url: string;
  phoneNumberId: string;
  /** The contact's number; a leading `+` is dropped, as Meta sends wa_ids in digits. */
  from: string;
  /** Defaults to a fresh wamid. */
  id?: string;
  displayPhoneNumber?: string;
  /** Sign with this instead of the number's app secret (or send this signature). */
  appSecret?: string;
  signature?: string | null;
}

export interface InboundSent extends WebhookAnswer {
  id: string;
  payload: unknown;
}

export interface RunningWhatsAppFake {
  url: string;
  readonly messages: FakeWhatsAppMessage[];
  waitForMessage(
    predicate: (m: FakeWhatsAppMessage) => boolean,
    timeoutMs?: number,
  ): Promise<FakeWhatsAppMessage>;
  /**
   * The next `count` sends answer `status` (429 or 500) with Meta's error body; with
   * `accepted-500` they are accepted (recorded, given a wamid) and still answered 500.
   */
  failNext(count: number, status?: 429 | 500 | "accepted-500"): void;
  sendInboundText(options: InboundBase & { body: string }): Promise<InboundSent>;
  sendInboundMedia(
    options: InboundBase & {
      mediaType: "image" | "document" | "audio" | "video";
      mediaId?: string;
      mimeType: string;
      caption?: string;
    },
  ): Promise<InboundSent>;
  /** A quick-reply template button (`button`) or an interactive reply button (`interactive`). */
  sendButtonReply(
    options: InboundBase & { text: string; payload?: string; kind?: "button" | "interactive" },
  ): Promise<InboundSent>;
  sendStatus(options: {
    url: string;
    phoneNumberId: string;
    wamid: string;
    status: "sent" | "delivered" | "read" | "failed";
    recipientId?: string;
    errors?: StatusError[];
    signature?: string | null;
  }): Promise<InboundSent>;
  postSigned(
    url: string,
    body: unknown,
    options: { appSecret: string; signature?: string | null },
  ): Promise<WebhookAnswer>;
  verify(options: { url: string; token: string; challenge: string; mode?: string }): Promise<WebhookAnswer>;
  stop(): Promise<void>;
}
