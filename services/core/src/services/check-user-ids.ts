import { ValidationError } from "@relay/domain";
import type { Kysely } from "kysely";
import type { CoreDB } from "../db/schema.js";
import { existingUserIds } from "../db/users.js";

/** Every id must be a user of this organization; another organization's users are unknown here. */
export async function checkUserIds(
  db: Kysely<CoreDB>,
  organizationId: string,
  ids: readonly number[],
  field = "user_ids",
): Promise<void> {
  const found = new Set(await existingUserIds(db, organizationId, ids));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) throw ValidationError.field(field, `unknown user ids: ${unknown.join(", ")}`);
}
