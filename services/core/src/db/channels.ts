import type { ChannelType, Pagination } from "@relay/domain";
import { type Insertable, type Kysely, sql, type Updateable } from "kysely";
import type { ChannelRow, ChannelsTable, CoreDB } from "./schema.js";

export function insertChannel(db: Kysely<CoreDB>, row: Insertable<ChannelsTable>): Promise<ChannelRow> {
  return db.insertInto("channels").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listChannels(
  db: Kysely<CoreDB>,
  organizationId: string,
  page: Pagination,
  channelIds?: readonly string[],
): Promise<{ rows: ChannelRow[]; total: number }> {
  if (channelIds?.length === 0) return { rows: [], total: 0 };
  const scoped = db
    .selectFrom("channels")
    .where("organization_id", "=", organizationId)
    .$if(channelIds !== undefined, (q) => q.where("id", "in", channelIds ?? []));
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy("created_at").orderBy("id").limit(page.limit).offset(page.offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** `forUpdate` locks the row for the rest of the caller's transaction. */
export function findChannel(
  db: Kysely<CoreDB>,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ChannelRow | undefined> {
  const query = db
    .selectFrom("channels")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Channels on an E.164 number, phone channels before WhatsApp ones. */
export function findChannelsByPhone(
  db: Kysely<CoreDB>,
  organizationId: string,
  phone: string,
  type?: ChannelType,
): Promise<ChannelRow[]> {
  let query = db
    .selectFrom("channels")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("phone", "=", phone);
  if (type) query = query.where("type", "=", type);
  return query.orderBy(sql`type = 'phone'`, "desc").orderBy("created_at").execute();
}

export function findChannelByAddress(
  db: Kysely<CoreDB>,
  organizationId: string,
  address: string,
): Promise<ChannelRow | undefined> {
  return db
    .selectFrom("channels")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where(sql<string>`lower(address)`, "=", address.toLowerCase())
    .executeTakeFirst();
}

export type ChannelPatch = Omit<Updateable<ChannelsTable>, "id" | "organization_id" | "type" | "created_at">;

export function updateChannel(
  db: Kysely<CoreDB>,
  organizationId: string,
  id: string,
  patch: ChannelPatch,
): Promise<ChannelRow | undefined> {
  return db
    .updateTable("channels")
    .set({ ...patch, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteChannel(
  db: Kysely<CoreDB>,
  organizationId: string,
  id: string,
): Promise<ChannelRow | undefined> {
  return db
    .deleteFrom("channels")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

/** Channels whose credentials are plain or sealed under another key than `keyId`, locked (SKIP LOCKED). */
export function claimChannelsToReseal(
  db: Kysely<CoreDB>,
  keyId: string,
  limit: number,
): Promise<Array<Pick<ChannelRow, "id" | "credentials">>> {
  return db
    .selectFrom("channels")
    .select(["id", "credentials"])
    .where(sql<boolean>`credentials <> '{}'::jsonb and (credentials->>'kid') is distinct from ${keyId}`)
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function storeCredentials(
  db: Kysely<CoreDB>,
  id: string,
  credentials: ChannelRow["credentials"],
): Promise<void> {
  await db.updateTable("channels").set({ credentials }).where("id", "=", id).execute();
}

/**
 * Channels of every organization on an E.164 number, oldest first: for provider webhooks,
 * which name a number and an account but no organization. With `accountSid`, Twilio channels
 * must belong to that account; channels of other providers (sandbox) have none and stay.
 */
export function findChannelsByPhoneAnywhere(
  db: Kysely<CoreDB>,
  phone: string,
  type: ChannelType,
  accountSid?: string,
): Promise<ChannelRow[]> {
  let query = db.selectFrom("channels").selectAll().where("phone", "=", phone).where("type", "=", type);
  if (accountSid) {
    query = query.where((eb) =>
      eb.or([
        eb("provider", "<>", "twilio"),
        eb(sql<string>`credentials->'lookup'->>'account_sid'`, "=", accountSid),
      ]),
    );
  }
  return query.orderBy("created_at").orderBy("id").limit(20).execute();
}

/**
 * WhatsApp Cloud channels of every organization with this credential, by the searchable part
 * of their sealed credentials (the phone-number id, or the verify token's SHA-256).
 */
export function findWhatsAppChannelsByCredential(
  db: Kysely<CoreDB>,
  key: "phone_number_id" | "verify_token_sha256",
  value: string,
): Promise<ChannelRow[]> {
  return db
    .selectFrom("channels")
    .selectAll()
    .where("type", "=", "whatsapp")
    .where("provider", "=", "whatsapp_cloud")
    .where(sql<string>`credentials->'lookup'->>${sql.lit(key)}`, "=", value)
    .orderBy("created_at")
    .orderBy("id")
    .limit(20)
    .execute();
}
