import { NotFoundError, type Tag } from "@relay/domain";
import { findTag } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import { toTag } from "./tag-view.js";

export async function getTag(deps: Pick<CoreDeps, "db">, organizationId: string, id: string): Promise<Tag> {
  const row = await findTag(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("tag");
  return toTag(row);
}
