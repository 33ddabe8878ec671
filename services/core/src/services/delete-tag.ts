import { NotFoundError, TagDeleted } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { deleteTag as deleteTagRow, retagContacts } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";

/** Deletes a tag and takes it off every contact that carried it. */
export function deleteTag(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  return deps.transact(async (trx) => {
    const row = await deleteTagRow(trx, organizationId, id);
    if (!row) throw new NotFoundError("tag");
    await retagContacts(trx, organizationId, row.name, null);
    await enqueue(trx, newEvent(TagDeleted, organizationId, { id, name: row.name }));
    return { id, deleted: true as const };
  });
}
