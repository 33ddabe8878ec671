import { NotFoundError, type UpdateUser, type User, UserUpdated } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { updateUser as updateUserRow } from "../db/users.js";
import type { CoreDeps } from "../deps.js";
import { USER_UNIQUE_FIELDS } from "./create-user.js";
import { withUniqueFields } from "./unique-fields.js";
import { toUser } from "./user-view.js";

export function updateUser(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: number,
  input: UpdateUser,
): Promise<User> {
  return withUniqueFields(USER_UNIQUE_FIELDS, () =>
    deps.transact(async (trx) => {
      const row = await updateUserRow(trx, organizationId, id, input);
      if (!row) throw new NotFoundError("user");
      const user = toUser(row);
      await enqueue(trx, newEvent(UserUpdated, organizationId, user));
      return user;
    }),
  );
}
