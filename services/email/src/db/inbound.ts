import type { Insertable, Kysely, Transaction } from "kysely";
import type { EmailDB, InboundAttachmentsTable, InboundMessagesTable } from "./schema.js";

/** Inserts a received mail; undefined when this channel already has its Message-ID. */
export async function insertInboundMessage(
  trx: Transaction<EmailDB>,
  row: Insertable<InboundMessagesTable>,
): Promise<string | undefined> {
  const inserted = await trx
    .insertInto("inbound_messages")
    .values(row)
    .onConflict((oc) => oc.columns(["channel_id", "provider_message_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted?.id;
}

export async function insertAttachments(
  trx: Transaction<EmailDB>,
  rows: Insertable<InboundAttachmentsTable>[],
): Promise<void> {
  if (rows.length > 0) await trx.insertInto("inbound_attachments").values(rows).execute();
}

export function findAttachment(db: Kysely<EmailDB>, id: string) {
  return db.selectFrom("inbound_attachments").selectAll().where("id", "=", id).executeTakeFirst();
}
