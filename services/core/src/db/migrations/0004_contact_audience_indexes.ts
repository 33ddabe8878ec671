import { type Kysely, sql } from "kysely";

/** Campaign audiences select contacts by tag and by property value: GIN indexes for both. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index contacts_tags_gin on contacts using gin (tags);
    create index contacts_properties_gin on contacts using gin (properties jsonb_path_ops);
  `.execute(db);
}
