import { createHash } from "node:crypto";
import type { ContactTag, Tag, TagState } from "@relay/domain";
import type { Kysely } from "kysely";
import type { ContactRow, CoreDB, TagRow } from "../db/schema.js";
import { findTagsByNames } from "../db/tags.js";

/** Tag rows by name: what a contact's `contact_tags` are read from. */
export type TagCatalog = ReadonlyMap<string, TagRow>;

export function toTag(row: TagRow): Tag {
  return {
    id: row.id,
    organization_id: row.organization_id,
    name: row.name,
    color: row.color,
    type: row.type,
    state: row.state as TagState,
    system_created: row.system_created,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** For rows created here without tags, or read only for their identifiers. */
export const NO_TAGS: TagCatalog = new Map();

export function catalogOf(rows: readonly TagRow[]): TagCatalog {
  return new Map(rows.map((row) => [row.name, row]));
}

/** The catalogue for every tag the rows carry, in one query. */
export async function catalogFor(db: Kysely<CoreDB>, organizationId: string, rows: readonly ContactRow[]) {
  return catalogOf(
    await findTagsByNames(
      db,
      organizationId,
      rows.flatMap((row) => row.tags),
    ),
  );
}

/**
 * Whippy's `contact_tags`, derived from the contact's tag names: the pair (contact, tag) is the
 * identity, so its id is a name-based UUID of the pair, the same on every read.
 */
export function contactTagsOf(row: ContactRow, catalog: TagCatalog): ContactTag[] {
  const tags: ContactTag[] = [];
  for (const name of row.tags) {
    const tag = catalog.get(name);
    if (!tag) continue;
    tags.push({
      id: pairId(row.id, tag.id),
      contact_id: row.id,
      tag_id: tag.id,
      created_at: tag.created_at.toISOString(),
      updated_at: tag.updated_at.toISOString(),
      tag: toTag(tag),
    });
  }
  return tags;
}

/** A name-based UUID (v5 layout) of a pair of ids: stable across reads. */
export function pairId(contactId: string, tagId: string): string {
  const hex = createHash("sha1").update(`${contactId}:${tagId}`).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** What a contact event says about tags gained: the names in `after` not in `before`, when there are any. */
export function tagsAdded(before: readonly string[], after: readonly string[]): { tags_added?: string[] } {
  const had = new Set(before);
  const added = after.filter((name) => !had.has(name));
  return added.length > 0 ? { tags_added: added } : {};
}
