import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Table types, kept apart from the public (domain) types they are mapped to. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export interface OrganizationsTable {
  id: string;
  name: string;
  default_country: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  name: string;
  /** The first characters of the key, shown in listings so keys can be told apart. */
  prefix: string;
  /** sha256 of the whole key (keys are random, so a fast hash is safe). */
  secret_hash: string;
  enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_used_at: Date | null;
}

export interface UsersTable {
  id: Generated<number>;
  organization_id: string;
  name: string;
  email: string;
  role: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamsTable {
  id: string;
  organization_id: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TagsTable {
  id: string;
  organization_id: string;
  name: string;
  color: Generated<string>;
  type: Generated<string>;
  state: Generated<string>;
  system_created: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessageTemplatesTable {
  id: string;
  organization_id: string;
  title: string;
  message: string;
  channel_type: "phone" | "email" | "whatsapp" | null;
  attachments: ColumnType<string[], string[] | undefined, string[]>;
  access_level: Generated<"organization" | "user">;
  archived: Generated<boolean>;
  variables: ColumnType<string[], string[] | undefined, string[]>;
  created_by: number | null;
  updated_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: number;
  organization_id: string;
}

export interface ChannelsTable {
  id: string;
  organization_id: string;
  type: "phone" | "email" | "whatsapp";
  name: string;
  description: string | null;
  phone: string | null;
  address: string | null;
  timezone: Generated<string>;
  color: string | null;
  emoji: string | null;
  automatic_response_open: string | null;
  automatic_response_closed: string | null;
  /** Answer to the HELP keyword (migration 0002). */
  help_text: ColumnType<string | null, string | null | undefined, string | null>;
  provider: string;
  /** Provider secrets: stored, never returned by any public route. */
  credentials: Json<Record<string, unknown>>;
  /** Messages per second the provider may be sent for this channel. */
  send_rate: ColumnType<string, number | string | undefined, number | string>;
  /** E.164 numbers an inbound call rings in opening hours (migration 0003). */
  voice_forwarding_numbers: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OpeningHoursTable {
  id: string;
  channel_id: string;
  organization_id: string;
  weekday: string;
  opens_at: string;
  closes_at: string;
  state: Generated<string>;
}

export interface ChannelUsersTable {
  channel_id: string;
  user_id: number;
  organization_id: string;
}

export interface ContactsTable {
  id: string;
  organization_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  external_id: string | null;
  address: Json<Record<string, string> | null>;
  birth_date: Json<{ day?: number; month?: number; year?: number } | null>;
  language: string | null;
  default_channel_id: string | null;
  properties: Json<Record<string, unknown>>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  state: Generated<string>;
  blocked: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomObjectsTable {
  id: string;
  organization_id: string;
  key: string;
  label: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomPropertiesTable {
  id: string;
  organization_id: string;
  custom_object_id: string;
  key: string;
  label: string;
  type: string;
  default_value: Json<unknown>;
  required: Generated<boolean>;
  /** Order within the object, as the properties were given. */
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomObjectRecordsTable {
  id: string;
  organization_id: string;
  custom_object_id: string;
  external_id: string | null;
  /** The associated contact (the only resource type so far). */
  contact_id: string | null;
  properties: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CoreDB {
  organizations: OrganizationsTable;
  api_keys: ApiKeysTable;
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  channels: ChannelsTable;
  opening_hours: OpeningHoursTable;
  channel_users: ChannelUsersTable;
  contacts: ContactsTable;
  tags: TagsTable;
  custom_objects: CustomObjectsTable;
  custom_properties: CustomPropertiesTable;
  custom_object_records: CustomObjectRecordsTable;
  message_templates: MessageTemplatesTable;
}

export type ContactRow = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type ContactUpdate = Updateable<ContactsTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type UserRow = Selectable<UsersTable>;
export type TeamRow = Selectable<TeamsTable>;
export type TagRow = Selectable<TagsTable>;
export type MessageTemplateRow = Selectable<MessageTemplatesTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type OpeningHourRow = Selectable<OpeningHoursTable>;
export type CustomObjectRow = Selectable<CustomObjectsTable>;
export type CustomPropertyRow = Selectable<CustomPropertiesTable>;
export type CustomObjectRecordRow = Selectable<CustomObjectRecordsTable>;
