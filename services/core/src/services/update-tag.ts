import { NotFoundError, type Tag, TagUpdated, type UpdateTag } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { findTag, retagContacts, updateTag as updateTagRow } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import { explainTagName } from "./tag-name-taken.js";
import { toTag } from "./tag-view.js";

/**
 * Changes a tag. A new name is the tag's name on every contact that carries it, in the same
 * transaction; the event's `previous_name` tells projections holding names to rename theirs.
 */
export async function updateTag(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
  input: UpdateTag,
): Promise<Tag> {
  try {
    return await deps.transact(async (trx) => {
      const current = await findTag(trx, organizationId, id, { forUpdate: true });
      if (!current) throw new NotFoundError("tag");
      const row = await updateTagRow(trx, organizationId, id, input);
      if (!row) throw new NotFoundError("tag");
      const renamed = input.name !== undefined && input.name !== current.name;
      if (renamed) await retagContacts(trx, organizationId, current.name, row.name);
      const tag = toTag(row);
      await enqueue(
        trx,
        newEvent(TagUpdated, organizationId, { ...tag, ...(renamed && { previous_name: current.name }) }),
      );
      return tag;
    });
  } catch (error) {
    throw explainTagName(error, input.name);
  }
}
