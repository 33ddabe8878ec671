import type { CustomObject, UpdateCustomObject } from "@relay/domain";
import { updateCustomObject as updateObjectRow } from "../db/custom-objects.js";
import type { CoreDeps } from "../deps.js";
import { explainCustomObjectConflict } from "./custom-object-taken.js";
import { phoneRegion } from "./custom-phone-region.js";
import { addProperty, announceObject, changeProperty, lockDefinition } from "./custom-property-changes.js";

/** Changes the key or label; each of `custom_properties` changes the property of its key, or is added. */
export async function updateCustomObject(
  deps: Pick<CoreDeps, "transact" | "defaultCountry">,
  organizationId: string,
  id: string,
  input: UpdateCustomObject,
): Promise<CustomObject> {
  try {
    return await deps.transact(async (trx) => {
      const { object, properties } = await lockDefinition(trx, organizationId, id);
      const byKey = new Map(properties.map((p) => [p.key, p]));
      let position = Math.max(-1, ...properties.map((p) => p.position)) + 1;
      const changes = input.custom_properties ?? [];
      const types = [...changes.map((p) => p.type), ...properties.map((p) => p.type)];
      const region = await phoneRegion(trx, deps, organizationId, types);
      for (const [i, input_] of changes.entries()) {
        const context = { prefix: `custom_properties.${i}.`, defaultCountry: region };
        const existing = byKey.get(input_.key);
        if (existing) await changeProperty(trx, existing, input_, context);
        else await addProperty(trx, object, position++, input_, context);
      }
      const row =
        input.key !== undefined || input.label !== undefined || input.custom_properties
          ? await updateObjectRow(trx, organizationId, id, {
              ...(input.key !== undefined && { key: input.key }),
              ...(input.label !== undefined && { label: input.label }),
            })
          : object;
      return announceObject(trx, row);
    });
  } catch (error) {
    throw explainCustomObjectConflict(error, input);
  }
}
