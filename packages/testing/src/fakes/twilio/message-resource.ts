import { rfc2822 } from "./ids.js";

export type MessageStatus =
  | "accepted"
  | "queued"
  | "sending"
  | "sent"
  | "delivered"
  | "undelivered"
  | "failed"
  | "received";

/** One message the platform sent through the fake (or replied with TwiML), as the fake records it. */
export interface FakeMessage {
  sid: string;
  accountSid: string;
  to: string;
  /** Absent when sent through a Messaging Service without a `From`. */
  from?: string;
  messagingServiceSid?: string;
  body: string;
  mediaUrls: string[];
  statusCallback?: string;
  direction: "outbound-api" | "outbound-reply";
  status: MessageStatus;
  errorCode?: number;
  errorMessage?: string;
  numSegments: number;
  price?: string;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent?: Date;
}

// GSM 03.38 basic set (one septet each) and its extension table (two septets each).
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€\f";

/** SMS segments for a body: GSM-7 160/153 septets, otherwise UCS-2 70/67 code units. */
export function countSegments(body: string): number {
  let septets = 0;
  for (const char of body) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENDED.includes(char)) septets += 2;
    else {
      const units = body.length;
      return units <= 70 ? 1 : Math.ceil(units / 67);
    }
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

/** The Message resource exactly as Twilio's REST API returns it (snake_case, RFC 2822 dates, strings for counts). */
export function messageJson(message: FakeMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    api_version: "2010-04-01",
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode ?? null,
    error_message: message.errorMessage ?? null,
    from: message.from ?? null,
    messaging_service_sid: message.messagingServiceSid ?? null,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.numSegments),
    price: message.price ?? null,
    price_unit: "USD",
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}
