import { ApiKeyDeleted, NotFoundError } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { deleteApiKey as deleteApiKeyRow } from "../db/api-keys.js";
import type { CoreDeps } from "../deps.js";

export function deleteApiKey(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  return deps.transact(async (trx) => {
    if (!(await deleteApiKeyRow(trx, organizationId, id))) throw new NotFoundError("api key");
    await enqueue(trx, newEvent(ApiKeyDeleted, organizationId, { id }));
    return { id, deleted: true as const };
  });
}
