import { NotFoundError, UserDeleted } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { deleteUser as deleteUserRow } from "../db/users.js";
import type { CoreDeps } from "../deps.js";

/**
 * Removes the user, and with them (by cascade) their team memberships and channel access;
 * `core.user.deleted` stands for those removals too.
 */
export function deleteUser(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: number,
): Promise<{ id: number; deleted: true }> {
  return deps.transact(async (trx) => {
    if (!(await deleteUserRow(trx, organizationId, id))) throw new NotFoundError("user");
    await enqueue(trx, newEvent(UserDeleted, organizationId, { id }));
    return { id, deleted: true as const };
  });
}
