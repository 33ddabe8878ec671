import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

/** One row per message we were asked to send: what makes `cmd.whatsapp.send` idempotent. */
export interface SendsTable {
  message_id: string;
  organization_id: string;
  channel_id: string;
  /** `sending` until the Graph API answers, then sent → delivered → read, or failed (forward only). */
  status: Generated<string>;
  /** The wamid. */
  provider_message_id: string | null;
  /** Calls made to the Graph API for this message (retries included). */
  attempts: Generated<number>;
  /** Lease of the delivery calling the Graph API now. */
  claimed_until: Date | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every accepted webhook item, unique per kind and key: duplicates are recognized and dropped. */
export interface WebhooksTable {
  id: Generated<number>;
  /** `message` (key: wamid) or `status` (key: wamid:status). */
  kind: string;
  dedupe_key: string;
  organization_id: string;
  channel_id: string;
  provider_id: string;
  payload: Json<Record<string, unknown>>;
  /** False for a status of a wamid we have no send for (yet). */
  applied: ColumnType<boolean, boolean | undefined, boolean>;
  received_at: Timestamp;
}

export interface WhatsAppDB {
  sends: SendsTable;
  webhooks: WebhooksTable;
}

export type SendRow = Selectable<SendsTable>;
export type NewWebhook = Insertable<WebhooksTable>;
