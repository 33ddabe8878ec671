import { ContactDeleted, type DeletedContact, NotFoundError } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { deleteContact as deleteContactRow } from "../db/contacts.js";
import type { CoreDeps } from "../deps.js";

export async function deleteContact(
  deps: CoreDeps,
  organizationId: string,
  id: string,
): Promise<DeletedContact> {
  return deps.transact(async (trx) => {
    if (!(await deleteContactRow(trx, organizationId, id))) throw new NotFoundError("contact");
    await enqueue(trx, newEvent(ContactDeleted, organizationId, { id }));
    return { id, deleted: true };
  });
}
