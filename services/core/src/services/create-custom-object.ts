import { type CreateCustomObject, type CustomObject, CustomObjectCreated } from "@relay/domain";
import type { IdempotencyKey } from "@relay/service-kit";
import { insertCustomObject } from "../db/custom-objects.js";
import type { CoreDeps } from "../deps.js";
import { explainCustomObjectConflict } from "./custom-object-taken.js";
import { phoneRegion } from "./custom-phone-region.js";
import { addProperty, announceObject } from "./custom-property-changes.js";

export async function createCustomObject(
  deps: Pick<CoreDeps, "transact" | "defaultCountry">,
  organizationId: string,
  input: CreateCustomObject,
  idempotency?: IdempotencyKey,
): Promise<CustomObject> {
  try {
    return await deps.transact(
      async (trx) => {
        const object = await insertCustomObject(trx, {
          id: crypto.randomUUID(),
          organization_id: organizationId,
          key: input.key,
          label: input.label,
        });
        const properties = input.custom_properties ?? [];
        const region = await phoneRegion(
          trx,
          deps,
          organizationId,
          properties.map((p) => p.type),
        );
        for (const [i, property] of properties.entries())
          await addProperty(trx, object, i, property, {
            prefix: `custom_properties.${i}.`,
            defaultCountry: region,
          });
        return announceObject(trx, object, CustomObjectCreated);
      },
      { idempotency },
    );
  } catch (error) {
    throw explainCustomObjectConflict(error, input);
  }
}
