import { NotFoundError, type User } from "@relay/domain";
import { findUser } from "../db/users.js";
import type { CoreDeps } from "../deps.js";
import { toUser } from "./user-view.js";

export async function getUser(deps: Pick<CoreDeps, "db">, organizationId: string, id: number): Promise<User> {
  const row = await findUser(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("user");
  return toUser(row);
}
