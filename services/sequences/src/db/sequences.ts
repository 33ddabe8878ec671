import type { SequenceSettings, StoredStep } from "@relay/domain";
import type { Sealed } from "@relay/service-kit";
import { type Insertable, type Kysely, sql, type Transaction } from "kysely";
import type { SequenceRow, SequencesDB, SequencesTable, VersionRow } from "./schema.js";

type Db = Kysely<SequencesDB> | Transaction<SequencesDB>;

export function insertSequence(
  trx: Transaction<SequencesDB>,
  row: Insertable<SequencesTable>,
): Promise<SequenceRow> {
  return trx.insertInto("sequences").values(row).returningAll().executeTakeFirstOrThrow();
}

export function insertVersion(
  trx: Transaction<SequencesDB>,
  sequenceId: string,
  version: number,
  steps: StoredStep[],
  settings: SequenceSettings,
): Promise<VersionRow> {
  return trx
    .insertInto("sequence_versions")
    .values({
      sequence_id: sequenceId,
      version,
      steps: JSON.stringify(steps),
      settings: JSON.stringify(settings),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findSequence(db: Db, organizationId: string, id: string): Promise<SequenceRow | undefined> {
  return db
    .selectFrom("sequences")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findSequencesByIds(db: Db, organizationId: string, ids: string[]): Promise<SequenceRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("sequences")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "in", ids)
    .execute();
}

/** The sequence row locked for a change (a new version, a status, enrollments): other writers wait. */
export function lockSequence(trx: Transaction<SequencesDB>, organizationId: string, id: string) {
  return trx
    .selectFrom("sequences")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export function updateSequence(
  trx: Transaction<SequencesDB>,
  id: string,
  patch: Partial<Pick<SequenceRow, "title" | "status" | "version" | "channel_id" | "channel_type" | "from">>,
): Promise<SequenceRow> {
  return trx
    .updateTable("sequences")
    .set({ ...patch, updated_at: sql`now()` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findVersion(db: Db, sequenceId: string, version: number): Promise<VersionRow> {
  return db
    .selectFrom("sequence_versions")
    .selectAll()
    .where("sequence_id", "=", sequenceId)
    .where("version", "=", version)
    .executeTakeFirstOrThrow();
}

/** The versions of many (sequence, version) pairs in one query. */
export async function findVersions(
  db: Db,
  pairs: { sequence_id: string; version: number }[],
): Promise<Map<string, VersionRow>> {
  if (pairs.length === 0) return new Map();
  const rows = await db
    .selectFrom("sequence_versions")
    .selectAll()
    .where((eb) =>
      eb.or(pairs.map((p) => eb.and([eb("sequence_id", "=", p.sequence_id), eb("version", "=", p.version)]))),
    )
    .execute();
  return new Map(rows.map((row) => [versionKey(row), row]));
}

export const versionKey = (p: { sequence_id: string; version: number }) => `${p.sequence_id}:${p.version}`;

export async function listSequences(
  db: Db,
  organizationId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: SequenceRow[]; total: number }> {
  const query = db.selectFrom("sequences").where("organization_id", "=", organizationId);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** An active sequence and the settings of the version new runs start on. */
export interface TriggeredSequence {
  id: string;
  settings: SequenceSettings;
}

/**
 * The organization's active sequences whose current version has a trigger of `type` (for
 * `tag_added`, naming one of `tagIds`; for `custom_event`, of that event's name): what an event
 * may enroll a contact in.
 */
export async function sequencesTriggeredBy(
  db: Db,
  organizationId: string,
  trigger:
    | { type: "tag_added"; tagIds: string[] }
    | { type: "keyword" }
    | { type: "custom_event"; event: string },
): Promise<TriggeredSequence[]> {
  const tagIds = trigger.type === "tag_added" ? trigger.tagIds : [];
  const event = trigger.type === "custom_event" ? trigger.event : "";
  const { rows } = await sql<{ id: string; settings: SequenceSettings }>`
    select s.id, v.settings from sequences s
    join sequence_versions v on v.sequence_id = s.id and v.version = s.version
    where s.organization_id = ${organizationId} and s.status = 'active'
      and exists (
        select 1 from jsonb_array_elements(coalesce(v.settings->'triggers', '[]'::jsonb)) t
        where t->>'type' = ${trigger.type}
          and (${trigger.type} <> 'tag_added' or t->>'tag_id' = any(${tagIds}::text[]))
          and (${trigger.type} <> 'custom_event' or t->>'event' = ${event}))
    order by s.created_at, s.id`.execute(db);
  return rows;
}

/** A sequence's signing secrets as stored (sealed), for its webhook steps' calls. */
export interface SequenceSecretRow {
  id: string;
  webhook_secret: Sealed | null;
  previous_webhook_secret: Sealed | null;
  previous_webhook_secret_expires_at: Date | null;
}

export function findSequenceSecrets(db: Db, ids: string[]): Promise<SequenceSecretRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("sequences")
    .select(["id", "webhook_secret", "previous_webhook_secret", "previous_webhook_secret_expires_at"])
    .where("id", "in", ids)
    .execute();
}
