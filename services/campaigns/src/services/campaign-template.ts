import { ValidationError } from "@relay/domain";
import { compileTemplate, variablesOf } from "../rules/index.js";

export type CompiledBody = Exclude<ReturnType<typeof compileTemplate>, { ok: false }>["template"];

/** The campaign body as a template: refused (422 naming `body`) when it is not one we render. */
export function compileBody(body: string | null | undefined, field = "body"): CompiledBody | undefined {
  if (body === null || body === undefined) return undefined;
  const compiled = compileTemplate(body);
  if (!compiled.ok) throw ValidationError.field(field, compiled.error.message);
  return compiled.template;
}

/** The contact properties that name a contact's own time zone (IANA), first found wins. */
export const TIME_ZONE_PROPERTIES = ["time_zone", "timezone"];

/** The contact properties a body reads, and the time-zone ones: the only ones asked of core. */
export function propertyKeysOf(template: CompiledBody | undefined): string[] {
  const keys = new Set<string>(TIME_ZONE_PROPERTIES);
  if (!template) return [...keys];
  for (const { path } of variablesOf(template)) {
    const match = /^contact\.properties\.(.+)$/.exec(path);
    if (match?.[1]) keys.add(match[1]);
  }
  return [...keys];
}
