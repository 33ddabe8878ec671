import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

/** The adapter kit's send ledger (see the kit's send-ledger.ts): one row per message to send. */
export interface SendsTable {
  message_id: string;
  organization_id: string;
  channel_id: string;
  /** Rows from before the ledger; newer sends keep their Message-ID in `payload`. */
  message_id_header: string | null;
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

/** Mail received for a channel, once per Message-ID. */
export interface InboundMessagesTable {
  id: string;
  organization_id: string;
  channel_id: string;
  provider_message_id: string;
  from_address: string;
  subject: string;
  received_at: Timestamp;
}

export interface InboundAttachmentsTable {
  id: string;
  inbound_message_id: string;
  filename: string | null;
  content_type: string;
  size: number;
  content: Buffer;
}

export interface EmailDB {
  sends: SendsTable;
  inbound_messages: InboundMessagesTable;
  inbound_attachments: InboundAttachmentsTable;
}
