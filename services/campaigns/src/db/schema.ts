import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export interface CampaignsTable {
  id: string;
  organization_id: string;
  title: string;
  status: string;
  type: string;
  channel_id: string;
  from: string;
  body: string | null;
  subject: string | null;
  attachments: Json<string[]>;
  template: NullableJson<unknown>;
  audience: Json<Record<string, unknown>>;
  inline_contacts: number | null;
  schedule_at: NullableTimestamp;
  window_start: string;
  window_end: string;
  attribution_hours: number;
  /** Where storing the recipients stands: the inline contacts, then the filter, then done. */
  audience_phase: Generated<string>;
  audience_cursor: string | null;
  /** Links in the body rewritten per recipient and their clicks counted. */
  track_links: Generated<boolean>;
  started_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CampaignRecipientsTable {
  campaign_id: string;
  contact_id: string;
  organization_id: string;
  seq: Generated<string>;
  state: string;
  skip_reason: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  /** The personalized text; null when it is the campaign's body as it is. */
  body: string | null;
  time_zone: string;
  not_before: Timestamp;
  message_id: string | null;
  conversation_id: string | null;
  dispatched_at: NullableTimestamp;
  responded_at: NullableTimestamp;
  unsubscribed_at: NullableTimestamp;
  /** The recipient's first click on one of the campaign's tracked links. */
  clicked_at: NullableTimestamp;
  updated_at: Timestamp;
}

/** A tracked link: the code in one recipient's message and the only target it redirects to. */
export interface CampaignLinksTable {
  code: string;
  campaign_id: string;
  contact_id: string;
  target: string;
  created_at: Generated<Date>;
}

export interface ChannelPacingTable {
  channel_id: string;
  next_at: Timestamp;
}

export interface EarlyStatusesTable {
  message_id: string;
  state: string;
  received_at: Timestamp;
}

export interface CampaignsDB {
  early_statuses: EarlyStatusesTable;
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
  campaign_links: CampaignLinksTable;
  channel_pacing: ChannelPacingTable;
}

export type CampaignRow = Selectable<CampaignsTable>;
export type RecipientRow = Selectable<CampaignRecipientsTable>;
export type NewRecipient = Insertable<CampaignRecipientsTable>;
export type NewLink = Insertable<CampaignLinksTable>;
export type NewCampaign = Insertable<CampaignsTable>;
export type CampaignUpdate = Updateable<CampaignsTable>;
