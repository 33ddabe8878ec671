import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

/** The adapter kit's send ledger (see the kit's send-ledger.ts): one row per message to send. */
export interface SendsTable {
  message_id: string;
  organization_id: string;
  channel_id: string;
  status: Generated<string>;
  /** The wamid. */
  provider_message_id: string | null;
  payload: Json<unknown> | null;
  attempts: Generated<number>;
  due_at: Date | null;
  attempt_started_at: Date | null;
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
