import { type CreateTag, type Tag, TagCreated } from "@relay/domain";
import { enqueue, type IdempotencyKey, newEvent } from "@relay/service-kit";
import { insertTag } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import { explainTagName } from "./tag-name-taken.js";
import { toTag } from "./tag-view.js";

export async function createTag(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  input: CreateTag,
  idempotency?: IdempotencyKey,
): Promise<Tag> {
  try {
    return await deps.transact(
      async (trx) => {
        const tag = toTag(
          await insertTag(trx, {
            id: crypto.randomUUID(),
            organization_id: organizationId,
            name: input.name,
            ...(input.color !== undefined && { color: input.color }),
            ...(input.type !== undefined && { type: input.type }),
          }),
        );
        await enqueue(trx, newEvent(TagCreated, organizationId, tag));
        return tag;
      },
      { idempotency },
    );
  } catch (error) {
    throw explainTagName(error, input.name);
  }
}
