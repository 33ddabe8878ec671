import { type CreateUser, type User, UserCreated } from "@relay/domain";
import { enqueue, type IdempotencyKey, newEvent } from "@relay/service-kit";
import { insertUser } from "../db/users.js";
import type { CoreDeps } from "../deps.js";
import { withUniqueFields } from "./unique-fields.js";
import { toUser } from "./user-view.js";

/** Emails are unique per organization, compared case-insensitively. */
export const USER_UNIQUE_FIELDS = { users_org_email_key: "email" };

export function createUser(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  input: CreateUser,
  idempotency?: IdempotencyKey,
): Promise<User> {
  return withUniqueFields(USER_UNIQUE_FIELDS, () =>
    deps.transact(
      async (trx) => {
        const user = toUser(await insertUser(trx, { organization_id: organizationId, ...input }));
        await enqueue(trx, newEvent(UserCreated, organizationId, user));
        return user;
      },
      { idempotency },
    ),
  );
}
