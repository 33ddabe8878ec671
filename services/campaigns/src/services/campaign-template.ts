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

/** The contact properties a body reads: the only ones asked of core. */
export function propertyKeysOf(template: CompiledBody | undefined): string[] {
  if (!template) return [];
  const keys = new Set<string>();
  for (const { path } of variablesOf(template)) {
    const match = /^contact\.properties\.(.+)$/.exec(path);
    if (match?.[1]) keys.add(match[1]);
  }
  return [...keys];
}
