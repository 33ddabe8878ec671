import { SegmentedMessage } from "sms-segments-calculator";

export interface SmsSegments {
  encoding: "GSM-7" | "UCS-2";
  segments: number;
  /** Length as the network counts it: GSM-7 septets (extension characters such as € count 2) or UCS-2 code units (an emoji counts 2). */
  characters: number;
  /** Room in each segment: 160/70 for a single segment, 153/67 once the concatenation header is needed. */
  perSegment: number;
}

/**
 * How an SMS body is billed, per Twilio's segment calculator: GSM-7 unless a character needs
 * UCS-2, and no segment splits an extension character or a surrogate pair.
 */
export function smsSegments(text: string): SmsSegments {
  const message = new SegmentedMessage(text, "auto");
  const encoding = message.encodingName;
  const gsm = encoding === "GSM-7";
  const segments = message.segmentsCount;
  const single = segments <= 1;
  return {
    encoding,
    segments,
    characters: message.messageSize / (gsm ? 7 : 16),
    perSegment: gsm ? (single ? 160 : 153) : single ? 70 : 67,
  };
}
