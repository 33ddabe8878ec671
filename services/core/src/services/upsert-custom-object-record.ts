import type { CustomObjectRecord, UpsertCustomObjectRecord } from "@relay/domain";
import { findRecordToUpsert, lockRecordKey } from "../db/custom-object-records.js";
import type { CoreDeps } from "../deps.js";
import { explainCustomObjectConflict } from "./custom-object-taken.js";
import { checkContact, readDefinition, writeRecord } from "./custom-record-writes.js";

/**
 * `POST /custom_objects/{id}/records`: the record of `external_id` when one is given, otherwise
 * the associated contact's (its oldest of this object); found, its properties are merged, else
 * it is created. The match key is locked first, so two concurrent upserts make one record.
 */
export async function upsertCustomObjectRecord(
  deps: Pick<CoreDeps, "transact" | "defaultCountry">,
  organizationId: string,
  objectId: string,
  input: UpsertCustomObjectRecord,
): Promise<{ record: CustomObjectRecord; created: boolean }> {
  try {
    return await deps.transact(async (trx) => {
      const definition = await readDefinition(trx, deps, organizationId, objectId);
      const contactId = input.associated_resource_id;
      await checkContact(trx, organizationId, contactId);
      const match =
        input.external_id !== undefined
          ? { external_id: input.external_id }
          : contactId !== undefined
            ? { contact_id: contactId }
            : undefined;
      if (match) await lockRecordKey(trx, `custom_object_record:${objectId}:${JSON.stringify(match)}`);
      const existing = match ? await findRecordToUpsert(trx, objectId, match) : undefined;
      return writeRecord(trx, organizationId, definition, existing, {
        properties: input.properties,
        ...(input.external_id !== undefined && { external_id: input.external_id }),
        ...(contactId !== undefined && { contact_id: contactId }),
      });
    });
  } catch (error) {
    throw explainCustomObjectConflict(error, input);
  }
}
