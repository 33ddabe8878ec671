import type { AudienceContact, Channel } from "@relay/domain";
import type { CampaignRow, NewRecipient } from "../db/schema.js";
import { recipientTimeZone, render } from "../rules/index.js";
import { type CompiledBody, TIME_ZONE_PROPERTIES } from "./campaign-template.js";
import type { ExclusionReason } from "./exclusions.js";

/** What one contact of the audience becomes: sendable (with its text), or skipped with why. */
export interface RecipientPlan {
  address: string | undefined;
  skip?: "no_address" | "missing_variable" | ExclusionReason;
  missing: string[];
  text: string | undefined;
  timeZone: string;
}

export function planRecipient(
  campaign: CampaignRow,
  channel: Channel,
  template: CompiledBody | undefined,
  contact: AudienceContact,
): RecipientPlan {
  const address = campaign.type === "email" ? contact.email : contact.phone;
  const rendered = template ? render(template, contact) : { text: undefined, missing: [] as string[] };
  const { timeZone } = recipientTimeZone({
    contactTimeZone: contactZone(contact),
    phone: contact.phone ?? null,
    channelTimeZone: channel.timezone,
  });
  const skip = !address ? "no_address" : rendered.missing.length > 0 ? "missing_variable" : undefined;
  return { address, missing: rendered.missing, text: rendered.text, timeZone, ...(skip && { skip }) };
}

/** The recipient row a plan stores; a pending one waits until the schedule (or now). */
export function recipientRow(
  campaign: CampaignRow,
  contact: AudienceContact,
  plan: RecipientPlan,
  now: Date,
): NewRecipient {
  const schedule = campaign.schedule_at ? new Date(campaign.schedule_at) : now;
  return {
    campaign_id: campaign.id,
    contact_id: contact.id,
    organization_id: campaign.organization_id,
    state: plan.skip ? "skipped" : "pending",
    skip_reason: plan.skip ?? null,
    name: contact.name ?? null,
    phone: contact.phone ?? null,
    email: contact.email ?? null,
    body: plan.text !== undefined && plan.text !== campaign.body ? plan.text : null,
    time_zone: plan.timeZone,
    not_before: schedule > now ? schedule : now,
    message_id: null,
    conversation_id: null,
    dispatched_at: null,
    responded_at: null,
    unsubscribed_at: null,
  };
}

/** The zone a contact's properties name (`time_zone` or `timezone`), if any: checked by the caller. */
function contactZone(contact: AudienceContact): string | null {
  for (const key of TIME_ZONE_PROPERTIES) {
    const value = contact.properties[key];
    if (typeof value === "string") return value;
  }
  return null;
}
