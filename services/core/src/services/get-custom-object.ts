import { type CustomObject, NotFoundError } from "@relay/domain";
import { findCustomObject, findProperties } from "../db/custom-objects.js";
import type { CoreDeps } from "../deps.js";
import { toCustomObject } from "./custom-object-view.js";

export async function getCustomObject(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  id: string,
): Promise<CustomObject> {
  const row = await findCustomObject(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("custom object");
  return toCustomObject(row, await findProperties(deps.db, [row.id]));
}
