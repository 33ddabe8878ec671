import { type Organization, TWILIO_ACCOUNT } from "@relay/local-stack";
import { expect } from "vitest";

/** Shared by the campaign end-to-end tests: the shapes they read, their numbers and lines. */
export interface CampaignBody {
  id: string;
  campaign_id: string;
  status: string;
  sent_messages: number;
  slated_messages: number;
  failed_deliveries: number;
  responses: number;
  link_clicks: number;
  unsubscribes: number;
  recipients: Record<string, number>;
  skipped: Record<string, number>;
}
export interface CampaignContactBody {
  id: string;
  recipient_state: string;
  skip_reason?: string;
  message_id?: string;
  clicked_at?: string;
}

/** How far back the last 12:00 in Los Angeles was (its clock now minus noon, in ms; 0–24 h). */
export function sinceNoonInLosAngeles(at = new Date()): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: "America/Los_Angeles",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const ms = ((get("hour") - 12) * 3600 + get("minute") * 60 + get("second")) * 1000;
  return ms >= 0 ? ms : ms + 86_400_000;
}

/** A Twilio phone channel at `sendRate` messages per second; returns its id. */
export async function addLine(o: Organization, phone: string, sendRate: number): Promise<string> {
  const channel = await o.api<{ data: { id: string } }>("POST", "/channels", {
    type: "phone",
    name: `Line ${phone}`,
    phone,
    provider: "twilio",
    credentials: { account_sid: TWILIO_ACCOUNT.sid, auth_token: TWILIO_ACCOUNT.token },
    send_rate: sendRate,
  });
  expect(channel.status).toBe(201);
  return channel.body.data.id;
}
