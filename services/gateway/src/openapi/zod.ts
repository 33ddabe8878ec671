import { extendZodWithOpenApi, type OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

// The registry names schemas with `.openapi(name)`; this adds that method to zod once.
extendZodWithOpenApi(z);

export { z };

const registered = new WeakMap<OpenAPIRegistry, Map<string, { source: z.ZodType; copy: z.ZodType }>>();

/**
 * Registers a schema as `components/schemas/<name>` (once per registry, however many resources
 * use it) and returns the registered copy, to use wherever a `$ref` is wanted. zod copies
 * `.openapi` onto a schema when it is built, and the domain's schemas are built before this
 * module runs, so a fresh clone is what gets registered.
 */
export function component<T extends z.ZodType>(registry: OpenAPIRegistry, name: string, schema: T): T {
  let names = registered.get(registry);
  if (!names) {
    names = new Map();
    registered.set(registry, names);
  }
  const existing = names.get(name);
  if (existing) {
    if (existing.source !== schema) throw new Error(`two different schemas named ${name}`);
    return existing.copy as T;
  }
  const copy = registry.register(name, schema.clone());
  names.set(name, { source: schema, copy });
  return copy;
}

/**
 * The domain schema with a description on some of its fields, nothing else changed. A name
 * that is not one of the schema's fields does not typecheck (and throws), so a renamed field
 * cannot leave a stale text behind.
 */
export function described<T extends z.ZodObject>(
  schema: T,
  descriptions: Partial<Record<keyof T["shape"] & string, string>>,
): T {
  const shape = schema.shape as Record<string, z.ZodType>;
  const fields = Object.entries(descriptions).map(([name, description]) => {
    const field = shape[name];
    if (!field || typeof description !== "string") throw new Error(`no field ${name} to describe`);
    return [name, field.describe(description)] as const;
  });
  return schema.safeExtend(Object.fromEntries(fields)) as unknown as T;
}
