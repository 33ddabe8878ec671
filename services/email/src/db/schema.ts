import type { ColumnType, Generated, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** One row per message we were asked to send: what makes `cmd.email.send` idempotent. */
export interface SendsTable {
  message_id: string;
  organization_id: string;
  channel_id: string;
  /** Our `Message-ID` header: bounces name it. */
  message_id_header: string;
  /** `sending` until the SMTP server answers, then sent | failed | undelivered. */
  status: Generated<string>;
  attempts: Generated<number>;
  /** Lease of the delivery sending now; another delivery waits until it ends or expires. */
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

export type SendRow = Selectable<SendsTable>;
