import type { EmailDetails, WhatsAppDetails } from "@relay/domain";
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Table types, kept apart from the public (domain) types they are mapped to. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

/** A projection of core's contacts (fed by core.contact.* events): what search and tenancy need. */
export interface ContactsTable {
  id: string;
  organization_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  /** The contact's tag names; null until an event or lookup carrying them is seen. */
  tags: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  /** A tombstone, so a late `updated` event cannot bring a deleted contact back. */
  deleted: Generated<boolean>;
  /** The contact's `updated_at` in core: older versions never overwrite newer ones. */
  version: Date;
}

/** Consent now, per contact × channel. No row means never asked: sending is allowed. */
export interface ConsentsTable {
  organization_id: string;
  contact_id: string;
  channel_id: string;
  opt_in: boolean;
  source: string;
  updated_at: Timestamp;
}

/** Every consent change, append-only. */
export interface ConsentHistoryTable {
  id: Generated<number>;
  organization_id: string;
  contact_id: string;
  channel_id: string;
  opt_in: boolean;
  source: string;
  detail: string | null;
  /** The web user who made the change; null for anyone else, and for changes before 0010. */
  user_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
}

export interface ConversationsTable {
  id: string;
  organization_id: string;
  contact_id: string;
  channel_id: string;
  channel_type: string;
  status: string;
  assigned_user_id: number | null;
  assigned_team_id: string | null;
  unread_count: Generated<number>;
  last_message_at: Date | null;
  /** When the channel's automatic reply last went out here (its cooldown). */
  last_auto_response_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StoredMedia {
  url: string;
  content_type?: string;
}

export interface MessagesTable {
  id: string;
  /** Insertion order: ties on created_at (one transaction's messages) keep their order. */
  seq: Generated<number>;
  organization_id: string;
  conversation_id: string;
  contact_id: string;
  channel_id: string;
  type: string;
  direction: string;
  body: string | null;
  from_address: string;
  to_address: string;
  delivery_status: string;
  media: Json<StoredMedia[]>;
  automated: boolean;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  schedule_at: Date | null;
  call_status: string | null;
  call_duration_seconds: number | null;
  recording_url: string | null;
  recording_duration_seconds: number | null;
  /** Email messages only. */
  email: ColumnType<
    EmailDetails | null,
    EmailDetails | string | null | undefined,
    EmailDetails | string | null
  >;
  message_id_header: ColumnType<string | null, string | null | undefined, string | null>;
  /** The campaign a bulk row named, if any. */
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** A campaign's recipient, a sequence's step and the run's entry of it, when a bulk row named them. */
  campaign_contact_id: ColumnType<string | null, string | null | undefined, string | null>;
  step_id: ColumnType<string | null, string | null | undefined, string | null>;
  step_contact_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The user who wrote it (notes). */
  user_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** WhatsApp messages only. */
  whatsapp: ColumnType<
    WhatsAppDetails | null,
    WhatsAppDetails | string | null | undefined,
    WhatsAppDetails | string | null
  >;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An address that bounced permanently on an email channel. */
export interface EmailSuppressionsTable {
  organization_id: string;
  channel_id: string;
  address: string;
  reason: string;
  created_at: Timestamp;
}

/** A lead an integration handed in, and where it lives. */
export interface LeadsTable {
  id: string;
  organization_id: string;
  contact_id: string;
  channel_id: string;
  conversation_id: string;
  message_id: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  source: string | null;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConversationsDB {
  contacts: ContactsTable;
  consents: ConsentsTable;
  consent_history: ConsentHistoryTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  email_suppressions: EmailSuppressionsTable;
  leads: LeadsTable;
}

export type ContactRow = Selectable<ContactsTable>;
export type ConsentRow = Selectable<ConsentsTable>;
export type ConsentHistoryRow = Selectable<ConsentHistoryTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type ConversationUpdate = Updateable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type LeadRow = Selectable<LeadsTable>;
export type NewMessage = Insertable<MessagesTable>;
export type MessageUpdate = Updateable<MessagesTable>;
