import { MessageTemplateDeleted, NotFoundError } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { deleteMessageTemplate as deleteMessageTemplateRow } from "../db/message-templates.js";
import type { CoreDeps } from "../deps.js";

export function deleteMessageTemplate(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  return deps.transact(async (trx) => {
    const row = await deleteMessageTemplateRow(trx, organizationId, id);
    if (!row) throw new NotFoundError("message template");
    await enqueue(trx, newEvent(MessageTemplateDeleted, organizationId, { id }));
    return { id, deleted: true as const };
  });
}
