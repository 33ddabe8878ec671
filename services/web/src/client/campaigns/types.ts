/** Campaigns' shapes as `/v1/campaigns*` answers them (the fields the screens read). */
export type CampaignStatus = "draft" | "scheduled" | "sending" | "paused" | "completed" | "cancelled";
export type CampaignType = "sms" | "email" | "whatsapp";
export type RecipientState = "pending" | "queued" | "sent" | "delivered" | "failed" | "skipped";

export interface CampaignAudience {
  contact_ids?: string[];
  tags?: string[];
  tag_ids?: string[];
  properties?: Record<string, string | number | boolean>;
  /** How many inline contacts it was given. */
  contacts?: number;
  exclude?: { campaigns_within_days?: number; replied_within_hours?: number };
}

export interface Campaign {
  id: string;
  title: string;
  status: CampaignStatus;
  type: CampaignType;
  channel_id: string;
  from: string;
  body?: string;
  subject?: string;
  attachments: string[];
  audience: CampaignAudience;
  schedule_at?: string;
  sending_window: { start: string; end: string };
  attribution_window_hours: number;
  track_links: boolean;
  sent_messages: number;
  slated_messages: number;
  failed_deliveries: number;
  responses: number;
  link_clicks: number;
  unsubscribes: number;
  recipients: Partial<Record<RecipientState, number>>;
  skipped: Record<string, number>;
  audience_loaded: boolean;
  started_at?: string;
  completed_at?: string;
  created_at: string;
  updated_at: string;
}

export interface CampaignRecipient {
  id: string;
  name?: string;
  phone?: string;
  email?: string;
  recipient_state: RecipientState;
  skip_reason?: string;
  message_id?: string;
  conversation_id?: string;
  not_before?: string;
  responded_at?: string;
  unsubscribed_at?: string;
  clicked_at?: string;
  updated_at: string;
}

export interface CampaignPreview {
  audience: number;
  recipients: number;
  duplicates: number;
  excluded: Record<string, number>;
  missing_variables: Record<string, number>;
  samples: Array<{ contact_id: string; name?: string; to: string; text?: string; segments?: number }>;
  segments?: { encoding: string; per_message: number; total: number };
  send_rate: number;
  estimated_duration_seconds: number;
  estimated_start: string;
  estimated_finish: string;
  estimate_time_zone: string;
}

export interface MessageTemplate {
  id: string;
  title: string;
  message: string;
  channel_type: "phone" | "email" | "whatsapp" | null;
  archived: boolean;
}

export interface Tag {
  id: string;
  name: string;
}
