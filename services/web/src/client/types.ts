export interface SessionUser {
  id: number;
  name: string;
  email: string;
  role: "admin" | "agent";
}
export interface Session {
  user: SessionUser;
  organization_id: string;
  csrf_token: string;
  expires_at: string;
  channel_ids: string[] | null;
}
export interface Conversation {
  id: string;
  contact_id: string;
  channel_id: string;
  channel_type: "phone" | "email" | "whatsapp" | "fax";
  status: "open" | "closed" | "automated" | "spam";
  assigned_user_id?: number;
  assigned_team_id?: string;
  unread_count: number;
  last_message_date?: string;
  created_at: string;
  updated_at: string;
}
export interface Message {
  id: string;
  conversation_id: string;
  type: "sms" | "call" | "email" | "whatsapp" | "note";
  direction: "INBOUND" | "OUTBOUND";
  body?: string;
  from: string;
  to: string;
  delivery_status: string;
  attachments: string[];
  media: Array<{ url: string; content_type?: string }>;
  automated: boolean;
  error_message?: string;
  schedule_at?: string;
  call?: { status: string; duration_seconds?: number; recording_url?: string };
  email?: {
    subject?: string;
    cc?: string[];
    html?: string;
    text?: string;
    from_name?: string;
    attachments?: Array<{ filename?: string; content_type: string; size: number; url?: string }>;
  };
  whatsapp?: {
    kind: "text" | "media" | "template";
    media_type?: string;
    template?: { name: string; language: string };
  };
  /** What sent it: a campaign, or a sequence step (empty strings when neither). */
  campaign_id?: string;
  step_id?: string;
  step_contact_id?: string;
  /** The author of a note. */
  user_id?: number;
  created_at: string;
}
export interface Contact {
  id: string;
  name?: string;
  phone?: string;
  email?: string;
  external_id?: string;
  language?: string;
  properties?: Record<string, unknown>;
  tags?: string[];
  created_at?: string;
}
export interface Team {
  id: string;
  name: string;
  user_ids: number[];
}
export interface SequenceRun {
  id: string;
  sequence_id: string;
  status: string;
  stop_reason?: string;
  channel_id: string;
  created_at: string;
  completed_at?: string;
}
export interface MessageTemplate {
  id: string;
  title: string;
  message: string;
  channel_type: "phone" | "email" | "whatsapp" | null;
  attachments?: string[];
}
export interface Channel {
  id: string;
  type: "phone" | "email" | "whatsapp";
  name: string;
  phone?: string;
  address?: string;
}
export interface User {
  id: number;
  name: string;
  email: string;
  role: "admin" | "agent";
}
export interface Preference {
  channel_id: string;
  opt_in: boolean;
  updated_at: string;
  source: string;
}
/** One change in a contact's consent history (`…/communication_preferences/history`). */
export interface ConsentChange {
  id: string;
  channel_id: string;
  channel_type?: string;
  opt_in: boolean;
  source: string;
  detail?: string;
  changed_by: "user" | "contact" | "provider" | "api";
  user_id?: number;
  changed_at: string;
}
/** A campaign that reached a contact (`/contacts/{id}/campaigns`), with where the contact stands in it. */
export interface ContactCampaign {
  campaign_id: string;
  campaign_title: string;
  campaign_status: string;
  channel_id: string;
  recipient_state: string;
  skip_reason?: string;
  not_before?: string;
  sent_at?: string;
  responded_at?: string;
  unsubscribed_at?: string;
  updated_at: string;
}
export interface List<T> {
  data: T[];
  total: number;
}
