import type { Kysely } from "kysely";
import type { CoreDB } from "./schema.js";

/** The organization's region for national phone numbers; undefined when there is no such organization. */
export async function findOrganizationCountry(
  db: Kysely<CoreDB>,
  organizationId: string,
): Promise<{ default_country: string } | undefined> {
  return db
    .selectFrom("organizations")
    .select("default_country")
    .where("id", "=", organizationId)
    .executeTakeFirst();
}

/** The organization's channels among these ids or E.164 phones (contacts refer to them). */
export async function findChannelsFor(
  db: Kysely<CoreDB>,
  organizationId: string,
  ids: string[],
  phones: string[],
): Promise<Array<{ id: string; phone: string | null }>> {
  if (ids.length === 0 && phones.length === 0) return [];
  return db
    .selectFrom("channels")
    .select(["id", "phone"])
    .where("organization_id", "=", organizationId)
    .where((eb) =>
      eb.or([
        ...(ids.length > 0 ? [eb("id", "in", ids)] : []),
        ...(phones.length > 0 ? [eb("phone", "in", phones)] : []),
      ]),
    )
    .orderBy("id")
    .execute();
}
