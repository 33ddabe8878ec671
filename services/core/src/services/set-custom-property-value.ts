import { type CustomPropertyValue, NotFoundError } from "@relay/domain";
import { findRecord } from "../db/custom-object-records.js";
import type { CoreDeps } from "../deps.js";
import { toCustomPropertyValue } from "./custom-object-view.js";
import { readDefinition, writeRecord } from "./custom-record-writes.js";

/**
 * `PUT /custom_objects/{id}/records/{record_id}/properties/{property_id}` (a property's id or
 * key): one value of one record, checked like any record write; a problem is reported on `value`.
 */
export async function setCustomPropertyValue(
  deps: Pick<CoreDeps, "transact" | "defaultCountry">,
  organizationId: string,
  ids: { objectId: string; recordId: string; propertyId: string },
  value: unknown,
): Promise<CustomPropertyValue> {
  return deps.transact(async (trx) => {
    const definition = await readDefinition(trx, deps, organizationId, ids.objectId);
    const property = definition.properties.find((p) => p.id === ids.propertyId || p.key === ids.propertyId);
    if (!property) throw new NotFoundError("custom property");
    const existing = await findRecord(trx, organizationId, ids.objectId, ids.recordId, { forUpdate: true });
    if (!existing) throw new NotFoundError("custom object record");
    const { record } = await writeRecord(
      trx,
      organizationId,
      definition,
      existing,
      { properties: { [property.key]: value } },
      { fieldOf: (key) => (key === property.key ? "value" : `properties.${key}`) },
    );
    return toCustomPropertyValue({
      record: { ...existing, properties: record.properties, updated_at: new Date(record.updated_at) },
      property_id: property.id,
      key: property.key,
      value: record.properties[property.key] ?? null,
    });
  });
}
