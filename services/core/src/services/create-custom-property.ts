import type { CreateCustomProperty, CustomProperty } from "@relay/domain";
import type { CoreDeps } from "../deps.js";
import { explainCustomObjectConflict } from "./custom-object-taken.js";
import { toCustomProperty } from "./custom-object-view.js";
import { phoneRegion } from "./custom-phone-region.js";
import { addProperty, announceObject, lockDefinition } from "./custom-property-changes.js";

/** `POST /custom_objects/{id}/properties`: a property after the others; the object is announced. */
export async function createCustomProperty(
  deps: Pick<CoreDeps, "transact" | "defaultCountry">,
  organizationId: string,
  objectId: string,
  input: CreateCustomProperty,
): Promise<CustomProperty> {
  try {
    return await deps.transact(async (trx) => {
      const { object, properties } = await lockDefinition(trx, organizationId, objectId);
      const position = Math.max(-1, ...properties.map((p) => p.position)) + 1;
      const row = await addProperty(trx, object, position, input, {
        prefix: "",
        defaultCountry: await phoneRegion(trx, deps, organizationId, [input.type]),
      });
      await announceObject(trx, object);
      return toCustomProperty(row);
    });
  } catch (error) {
    throw explainCustomObjectConflict(error, input);
  }
}
