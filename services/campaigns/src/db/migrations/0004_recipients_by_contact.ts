import { type Kysely, sql } from "kysely";

/** A contact's campaigns (`GET /v1/contacts/{id}/campaigns`), pending and skipped recipients included. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index campaign_recipients_by_contact_idx on campaign_recipients (organization_id, contact_id)`.execute(
    db,
  );
}
