import type { ColumnType, Generated, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

/** The adapter kit's send ledger (see the kit's send-ledger.ts): one row per message to send. */
export interface SendsTable {
  message_id: string;
  organization_id: string;
  channel_id: string;
  status: Generated<string>;
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

/** Pacing: the earliest time the next message may go out on a channel (shared by instances). */
export interface SendSlotsTable {
  channel_id: string;
  next_slot_at: Date;
}

/** Every accepted webhook, unique per provider id: duplicates are recognized and dropped. */
export interface WebhooksTable {
  id: Generated<number>;
  kind: string;
  dedupe_key: string;
  organization_id: string;
  channel_id: string;
  /** MessageSid or CallSid. */
  provider_id: string;
  payload: Json<Record<string, string | string[]>>;
  /** False for a status callback that arrived before its send was recorded. */
  applied: ColumnType<boolean, boolean | undefined, boolean>;
  received_at: Timestamp;
}

/** Calls we answered: their channel, for the callbacks that follow. */
export interface CallsTable {
  call_sid: string;
  organization_id: string;
  channel_id: string;
  direction: string;
  from_number: string;
  to_number: string;
  created_at: Timestamp;
}

export interface PhoneDB {
  sends: SendsTable;
  send_slots: SendSlotsTable;
  webhooks: WebhooksTable;
  calls: CallsTable;
}

export type CallRow = Selectable<CallsTable>;
