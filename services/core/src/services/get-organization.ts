import { NotFoundError, type Organization } from "@relay/domain";
import { findOrganization } from "../db/organizations.js";
import type { CoreDeps } from "../deps.js";
import { toOrganization } from "./organization-view.js";

export async function getOrganization(deps: Pick<CoreDeps, "db">, id: string): Promise<Organization> {
  const row = await findOrganization(deps.db, id);
  if (!row) throw new NotFoundError("organization");
  return toOrganization(row);
}
