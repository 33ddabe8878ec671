import { z } from "zod";
import { defineEvent } from "../events.js";

/** Most properties one custom object defines: its events carry them all, so they stay small. */
export const MAX_CUSTOM_PROPERTIES = 200;

/** A custom object's or property's key: snake_case, as Whippy names them. */
export const CustomKey = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, "must be snake_case (lowercase letters, digits and _)");

const Label = z.string().trim().min(1, "must not be empty").max(200);

export const CUSTOM_PROPERTY_TYPES = [
  "text",
  "number",
  "float",
  "boolean",
  "date",
  "datetime",
  "email",
  "phone",
  "url",
  "list",
  "map",
] as const;
export const CustomPropertyType = z.enum(CUSTOM_PROPERTY_TYPES);
export type CustomPropertyType = z.infer<typeof CustomPropertyType>;

/**
 * A type by name, or by the index Whippy's Activepieces piece sends from its dropdown
 * (`"0"` text, `"1"` number, `"2"` float, `"3"` boolean, `"4"` date, `"5"` list, `"6"` map).
 */
const PIECE_TYPES: Record<string, CustomPropertyType> = {
  "0": "text",
  "1": "number",
  "2": "float",
  "3": "boolean",
  "4": "date",
  "5": "list",
  "6": "map",
};
export const CustomPropertyTypeInput = z
  .union([z.string(), z.number()])
  .transform((value) => PIECE_TYPES[String(value)] ?? String(value).trim().toLowerCase())
  .pipe(CustomPropertyType);

/** `true` / `false`, or the texts the piece's dropdown sends. */
export const LooseBoolean = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((value) => value === true || value === "true");

export const CustomProperty = z.object({
  id: z.uuid(),
  custom_object_id: z.uuid(),
  key: z.string(),
  label: z.string(),
  type: CustomPropertyType,
  default: z.unknown().nullable(),
  required: z.boolean(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type CustomProperty = z.infer<typeof CustomProperty>;

export const CustomObject = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  key: z.string(),
  label: z.string(),
  custom_properties: z.array(CustomProperty),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type CustomObject = z.infer<typeof CustomObject>;

/** A property as written: `default` is checked against `type` by core (422 on `default`). */
export const CreateCustomProperty = z.strictObject({
  key: CustomKey,
  label: Label,
  type: CustomPropertyTypeInput,
  default: z.unknown().optional(),
  required: LooseBoolean.optional(),
});
export type CreateCustomProperty = z.infer<typeof CreateCustomProperty>;

export const UpdateCustomProperty = z.strictObject({
  label: Label.optional(),
  type: CustomPropertyTypeInput.optional(),
  default: z.unknown().optional(),
  required: LooseBoolean.optional(),
});
export type UpdateCustomProperty = z.infer<typeof UpdateCustomProperty>;

/** A list of properties, or the one property object Whippy's piece sends (`Property.Object`). */
const PropertyList = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(CreateCustomProperty).max(MAX_CUSTOM_PROPERTIES))
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((property, i) => {
      if (seen.has(property.key))
        ctx.addIssue({ code: "custom", message: `key "${property.key}" is given twice`, path: [i, "key"] });
      seen.add(property.key);
    });
  });

export const CreateCustomObject = z.strictObject({
  key: CustomKey,
  label: Label,
  custom_properties: PropertyList.optional(),
});
export type CreateCustomObject = z.infer<typeof CreateCustomObject>;

/** `custom_properties` adds the keys it names anew and changes the others; none is removed. */
export const UpdateCustomObject = z.strictObject({
  key: CustomKey.optional(),
  label: Label.optional(),
  custom_properties: PropertyList.optional(),
});
export type UpdateCustomObject = z.infer<typeof UpdateCustomObject>;

export const CustomObjectCreated = defineEvent("core.custom_object.created", CustomObject);
/** Also when one of its properties is created or changed. */
export const CustomObjectUpdated = defineEvent("core.custom_object.updated", CustomObject);
