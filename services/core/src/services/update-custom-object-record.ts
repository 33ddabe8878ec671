import { type CustomObjectRecord, NotFoundError, type UpdateCustomObjectRecord } from "@relay/domain";
import { findRecord } from "../db/custom-object-records.js";
import type { CoreDeps } from "../deps.js";
import { explainCustomObjectConflict } from "./custom-object-taken.js";
import { checkContact, readDefinition, writeRecord } from "./custom-record-writes.js";

/** `PUT`/`PATCH /custom_objects/{id}/records/{record_id}`: properties merged, the rest replaced when given. */
export async function updateCustomObjectRecord(
  deps: Pick<CoreDeps, "transact" | "defaultCountry">,
  organizationId: string,
  objectId: string,
  recordId: string,
  input: UpdateCustomObjectRecord,
): Promise<CustomObjectRecord> {
  try {
    return await deps.transact(async (trx) => {
      const definition = await readDefinition(trx, deps, organizationId, objectId);
      const existing = await findRecord(trx, organizationId, objectId, recordId, { forUpdate: true });
      if (!existing) throw new NotFoundError("custom object record");
      await checkContact(trx, organizationId, input.associated_resource_id);
      const { record } = await writeRecord(trx, organizationId, definition, existing, {
        properties: input.properties,
        ...(input.external_id !== undefined && { external_id: input.external_id }),
        ...(input.associated_resource_id !== undefined && { contact_id: input.associated_resource_id }),
      });
      return record;
    });
  } catch (error) {
    throw explainCustomObjectConflict(error, input);
  }
}
