import type { AudienceFilter } from "@relay/domain";
import { type Kysely, sql } from "kysely";
import type { CoreDB } from "./schema.js";

export interface AudienceRow {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  external_id: string | null;
  properties: Record<string, unknown>;
}

/**
 * The next contacts matching `filter` after `after`, in id order (the primary key: keyset paging
 * stays cheap at any depth). Only the properties named in `keys` are read out of the JSON.
 */
export async function audiencePage(
  db: Kysely<CoreDB>,
  organizationId: string,
  filter: AudienceFilter,
  options: { after?: string; limit: number; keys: string[] },
): Promise<AudienceRow[]> {
  if (!filter.contact_ids && !filter.tags && !filter.tag_ids && !filter.properties) return [];
  let query = db.selectFrom("contacts").where("organization_id", "=", organizationId);
  if (filter.contact_ids) {
    if (filter.contact_ids.length === 0) return [];
    query = query.where("id", "in", filter.contact_ids);
  }
  if (filter.tags || filter.tag_ids) {
    // Contacts keep their tags by name: ids are read as the names of the organization's tags.
    const byId = sql`(select coalesce(array_agg(name), '{}') from tags
      where organization_id = ${organizationId} and id = any(${sql.val(filter.tag_ids ?? [])}::uuid[]))`;
    query = query.where(sql<boolean>`tags && (${sql.val(filter.tags ?? [])}::text[] || ${byId})`);
  }
  if (filter.properties && Object.keys(filter.properties).length > 0) {
    query = query.where(sql<boolean>`properties @> ${JSON.stringify(filter.properties)}::jsonb`);
  }
  if (options.after) query = query.where("id", ">", options.after);
  const picked =
    options.keys.length === 0
      ? sql<Record<string, unknown>>`'{}'::jsonb`
      : sql<
          Record<string, unknown>
        >`(select coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb) from jsonb_each(properties) p where p.key = any(${sql.val(options.keys)}::text[]))`;
  return query
    .select(["id", "name", "phone", "email", "external_id"])
    .select(picked.as("properties"))
    .orderBy("id")
    .limit(options.limit)
    .execute() as Promise<AudienceRow[]>;
}
