import { type Kysely, sql } from "kysely";
import type { ContactRow, CoreDB } from "./schema.js";

export interface ContactFilter {
  phone?: string;
  /** Compared case-insensitively. */
  email?: string;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  external_id?: string;
  /** Contacts carrying any of these tag names. */
  tagsAny?: string[];
}

/** Escapes LIKE's wildcards so a search for "50%" means those characters. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function filtered(db: Kysely<CoreDB>, organizationId: string, filter: ContactFilter) {
  let query = db.selectFrom("contacts").where("organization_id", "=", organizationId);
  if (filter.phone !== undefined) query = query.where("phone", "=", filter.phone);
  if (filter.email !== undefined) query = query.where(sql`lower(email)`, "=", filter.email.toLowerCase());
  if (filter.external_id !== undefined) query = query.where("external_id", "=", filter.external_id);
  if (filter.nameContains !== undefined)
    query = query.where("name", "ilike", likeContains(filter.nameContains));
  if (filter.tagsAny !== undefined)
    query = query.where(sql<boolean>`tags && ${sql.val(filter.tagsAny)}::text[]`);
  return query;
}

/** One page of the organization's contacts, oldest first, and how many match in all. */
export async function listContacts(
  db: Kysely<CoreDB>,
  organizationId: string,
  filter: ContactFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ContactRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, organizationId, filter)
      .selectAll()
      .orderBy("created_at")
      .orderBy("id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(db, organizationId, filter)
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}
