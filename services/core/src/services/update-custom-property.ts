import { type CustomProperty, NotFoundError, type UpdateCustomProperty } from "@relay/domain";
import type { CoreDeps } from "../deps.js";
import { toCustomProperty } from "./custom-object-view.js";
import { phoneRegion } from "./custom-phone-region.js";
import { announceObject, changeProperty, lockDefinition } from "./custom-property-changes.js";

/** `PUT /custom_objects/{id}/properties/{property_id}` (by id or key). */
export async function updateCustomProperty(
  deps: Pick<CoreDeps, "transact" | "defaultCountry">,
  organizationId: string,
  objectId: string,
  propertyId: string,
  input: UpdateCustomProperty,
): Promise<CustomProperty> {
  return deps.transact(async (trx) => {
    const { object, properties } = await lockDefinition(trx, organizationId, objectId);
    const property = properties.find((p) => p.id === propertyId || p.key === propertyId);
    if (!property) throw new NotFoundError("custom property");
    const row = await changeProperty(trx, property, input, {
      prefix: "",
      defaultCountry: await phoneRegion(trx, deps, organizationId, [input.type ?? property.type]),
    });
    await announceObject(trx, object);
    return toCustomProperty(row);
  });
}
