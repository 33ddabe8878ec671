import type {
  AudienceExclusions,
  Campaign,
  CampaignContact,
  CampaignStatus,
  CampaignType,
  WhatsAppTemplate,
} from "@relay/domain";
import type { RecipientCounts } from "../db/recipients.js";
import type { CampaignRow, RecipientRow } from "../db/schema.js";

const iso = (value: Date | string | null) => (value === null ? undefined : new Date(value).toISOString());

/** What a campaign's audience was: its filter, and how many inline contacts it was given. */
interface StoredAudience {
  filter: {
    contact_ids?: string[];
    tags?: string[];
    tag_ids?: string[];
    properties?: Record<string, string | number | boolean>;
  } | null;
  inline_ids: string[];
  exclude?: AudienceExclusions;
}

export function storedAudience(row: CampaignRow): StoredAudience {
  return row.audience as unknown as StoredAudience;
}

/** The contract's `Campaign` (campaign_id, counts) with our fields beside it. */
export function toCampaign(row: CampaignRow, counts: RecipientCounts): Campaign {
  const state = (name: string) => counts.byState[name] ?? 0;
  const audience = storedAudience(row);
  return {
    campaign_id: row.id,
    campaign_title: row.title,
    sent_messages: state("queued") + state("sent") + state("delivered") + state("failed"),
    slated_messages: state("pending"),
    failed_deliveries: state("failed"),
    responses: counts.responses,
    link_clicks: counts.clicks,
    unsubscribes: counts.unsubscribes,
    id: row.id,
    title: row.title,
    status: row.status as CampaignStatus,
    type: row.type as CampaignType,
    channel_id: row.channel_id,
    from: row.from,
    ...(row.body !== null && { body: row.body }),
    ...(row.subject !== null && { subject: row.subject }),
    attachments: row.attachments,
    ...(row.template !== null && { template: row.template as WhatsAppTemplate }),
    audience: {
      ...(audience.filter ?? {}),
      ...(row.inline_contacts !== null && { contacts: row.inline_contacts }),
      ...(audience.exclude && { exclude: audience.exclude }),
    },
    ...(row.schedule_at !== null && { schedule_at: iso(row.schedule_at) }),
    sending_window: { start: row.window_start, end: row.window_end },
    attribution_window_hours: row.attribution_hours,
    track_links: row.track_links,
    recipients: Object.fromEntries(
      ["pending", "queued", "sent", "delivered", "failed", "skipped"].map((name) => [name, state(name)]),
    ),
    skipped: counts.skipped,
    audience_loaded: row.audience_phase === "done",
    ...(row.started_at !== null && { started_at: iso(row.started_at) }),
    ...(row.completed_at !== null && { completed_at: iso(row.completed_at) }),
    created_at: iso(row.created_at) as string,
    updated_at: iso(row.updated_at) as string,
  };
}

export function toCampaignContact(row: RecipientRow): CampaignContact {
  return {
    id: row.contact_id,
    ...(row.name !== null && { name: row.name }),
    ...(row.phone !== null && { phone: row.phone }),
    ...(row.email !== null && { email: row.email }),
    recipient_state: row.state as CampaignContact["recipient_state"],
    ...(row.skip_reason !== null && { skip_reason: row.skip_reason }),
    ...(row.message_id !== null && { message_id: row.message_id }),
    ...(row.conversation_id !== null && { conversation_id: row.conversation_id }),
    time_zone: row.time_zone,
    ...(row.state === "pending" && { not_before: iso(row.not_before) }),
    ...(row.responded_at !== null && { responded_at: iso(row.responded_at) }),
    ...(row.unsubscribed_at !== null && { unsubscribed_at: iso(row.unsubscribed_at) }),
    ...(row.clicked_at !== null && { clicked_at: iso(row.clicked_at) }),
    updated_at: iso(row.updated_at) as string,
  };
}
