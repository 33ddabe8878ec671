import {
  type CreateCustomProperty,
  type CustomObject,
  type CustomObjectCreated,
  CustomObjectUpdated,
  type CustomPropertyType,
  MAX_CUSTOM_PROPERTIES,
  NotFoundError,
  type UpdateCustomProperty,
  ValidationError,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { anyRecordHolds } from "../db/custom-object-records.js";
import { findCustomObject, findProperties, insertProperty, updateProperty } from "../db/custom-objects.js";
import type { CoreDB, CustomObjectRow, CustomPropertyRow } from "../db/schema.js";
import { toCustomObject } from "./custom-object-view.js";
import { checkDefault } from "./custom-property-values.js";

const stored = (value: unknown) => (value === null ? null : JSON.stringify(value));

/** The organization's object, locked, with its properties: what every property change starts from. */
export async function lockDefinition(trx: Transaction<CoreDB>, organizationId: string, id: string) {
  const object = await findCustomObject(trx, organizationId, id, { forUpdate: true });
  if (!object) throw new NotFoundError("custom object");
  return { object, properties: await findProperties(trx, [object.id]) };
}

/** Adds a property after the others; `prefix` is where its fields are reported (`custom_properties.2.`). */
export function addProperty(
  trx: Transaction<CoreDB>,
  object: CustomObjectRow,
  position: number,
  input: CreateCustomProperty,
  context: { prefix: string; defaultCountry: string },
): Promise<CustomPropertyRow> {
  if (position >= MAX_CUSTOM_PROPERTIES)
    throw ValidationError.field(
      `${context.prefix}key`,
      `an object holds at most ${MAX_CUSTOM_PROPERTIES} properties`,
    );
  const value = checkDefault(input.type, input.default, `${context.prefix}default`, context.defaultCountry);
  return insertProperty(trx, {
    id: crypto.randomUUID(),
    organization_id: object.organization_id,
    custom_object_id: object.id,
    key: input.key,
    label: input.label,
    type: input.type,
    default_value: stored(value),
    required: input.required ?? false,
    position,
  });
}

/** Changes a property; its type stays while records hold values for it (they would no longer fit). */
export async function changeProperty(
  trx: Transaction<CoreDB>,
  property: CustomPropertyRow,
  input: UpdateCustomProperty,
  context: { prefix: string; defaultCountry: string },
): Promise<CustomPropertyRow> {
  const type = input.type ?? (property.type as CustomPropertyType);
  if (type !== property.type && (await anyRecordHolds(trx, property.custom_object_id, property.key)))
    throw ValidationError.field(`${context.prefix}type`, "cannot change while records hold values for it");
  const retyped = type !== property.type;
  const value =
    input.default !== undefined || retyped
      ? checkDefault(
          type,
          input.default ?? property.default_value ?? undefined,
          `${context.prefix}default`,
          context.defaultCountry,
        )
      : undefined;
  return updateProperty(trx, property.id, {
    ...(input.label !== undefined && { label: input.label }),
    ...(retyped && { type }),
    ...(value !== undefined && { default_value: stored(value) }),
    ...(input.required !== undefined && { required: input.required }),
  });
}

/** Announces the object as it now is (its properties included). */
export async function announceObject(
  trx: Transaction<CoreDB>,
  object: CustomObjectRow,
  event: typeof CustomObjectCreated | typeof CustomObjectUpdated = CustomObjectUpdated,
): Promise<CustomObject> {
  const view = toCustomObject(object, await findProperties(trx, [object.id]));
  await enqueue(trx, newEvent(event, object.organization_id, view));
  return view;
}
