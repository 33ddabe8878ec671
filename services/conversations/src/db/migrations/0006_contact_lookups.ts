import { type Kysely, sql } from "kysely";

/** The bulk path finds recipients in the contacts projection by phone and by email. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index contacts_org_phone_idx on contacts (organization_id, phone) where phone is not null;
    create index contacts_org_email_idx on contacts (organization_id, lower(email)) where email is not null;
  `.execute(db);
}
