import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Has a default: optional on insert. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UserTable {
  organization_id: string;
  id: number;
  name: string;
  email: string;
  role: string;
  version: Timestamp;
  deleted: Generated<boolean>;
}

export interface CredentialTable {
  organization_id: string;
  user_id: number;
  password_hash: string;
  updated_at: CreatedAt;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  organization_id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface LoginTokenTable {
  id: string;
  token_hash: string;
  kind: "invitation" | "reset";
  organization_id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LoginFailureTable {
  /** `login` (a failed login) or `reset` (a reset link asked for): each is limited on its own. */
  kind: ColumnType<string, string | undefined, string>;
  email: string;
  failed_at: CreatedAt;
}

export interface ChannelAccessTable {
  id: string;
  organization_id: string;
  user_ids: number[];
  version: Timestamp;
  deleted: Generated<boolean>;
}

export interface LiveEventTable {
  seq: Generated<string>;
  event_id: string;
  organization_id: string;
  /** Null for events that name no channel (admins-only ones). */
  channel_id: string | null;
  type: string;
  data: unknown;
  admins_only: Generated<boolean>;
  created_at: CreatedAt;
}

export interface WebDB {
  users: UserTable;
  credentials: CredentialTable;
  sessions: SessionTable;
  login_tokens: LoginTokenTable;
  login_failures: LoginFailureTable;
  channel_access: ChannelAccessTable;
  live_events: LiveEventTable;
}
