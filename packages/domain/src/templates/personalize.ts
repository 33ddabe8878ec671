import { Liquid, type Template } from "liquidjs";
import { checkedTemplate, TemplateRefused, type TemplateVariable } from "./template-whitelist.js";

export type { TemplateVariable } from "./template-whitelist.js";

/** The longest body compiled: the email body limit, far above any SMS. */
export const MAX_TEMPLATE_LENGTH = 500_000;

export interface CompiledTemplate {
  readonly parsed: readonly Template[];
  /** Each variable once; `hasDefault` only when every use of it has a `default`. */
  readonly variables: readonly TemplateVariable[];
}

export type CompileResult =
  | { ok: true; template: CompiledTemplate }
  | { ok: false; error: { message: string; field?: string } };

export interface TemplateContact {
  name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  email?: string | null;
  external_id?: string | null;
  properties?: Record<string, unknown> | null;
}

// Stateless configuration, so one engine serves every campaign and saved template. The limits bound hostile input;
// unknown filters parse so that the whitelist, not a parse error, names them.
const engine = new Liquid({
  strictFilters: false,
  strictVariables: false,
  ownPropertyOnly: true,
  templates: {},
  parseLimit: MAX_TEMPLATE_LENGTH,
  renderLimit: 1000,
  memoryLimit: 10_000_000,
});

export function compileTemplate(body: string): CompileResult {
  if (body.length > MAX_TEMPLATE_LENGTH) {
    return { ok: false, error: { message: `longer than ${MAX_TEMPLATE_LENGTH} characters` } };
  }
  try {
    const parsed = engine.parse(body);
    const variables = new Map<string, boolean>();
    for (const template of parsed) {
      const variable = checkedTemplate(template);
      if (variable)
        variables.set(variable.path, (variables.get(variable.path) ?? true) && variable.hasDefault);
    }
    const list = [...variables].map(([path, hasDefault]) => ({ path, hasDefault }));
    return { ok: true, template: { parsed, variables: list } };
  } catch (error) {
    if (error instanceof TemplateRefused)
      return { ok: false, error: { message: error.message, field: error.field } };
    return { ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
  }
}

export function variablesOf(template: CompiledTemplate): Array<{ path: string; hasDefault: boolean }> {
  return template.variables.map((variable) => ({ ...variable }));
}

/** What a value prints as; blank and non-scalar values count as no value, so `default` applies. */
function printable(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  return null;
}

function contactValues(contact: TemplateContact): Record<string, string | null> {
  const name = printable(contact.name);
  const [first, ...rest] = name?.trim().split(/\s+/) ?? [];
  return {
    name,
    first_name: printable(contact.first_name) ?? printable(first),
    last_name: printable(contact.last_name) ?? printable(rest.join(" ")),
    phone: printable(contact.phone),
    email: printable(contact.email),
    external_id: printable(contact.external_id),
  };
}

/**
 * The text for one contact, and the variables it had no value for and no `default`. LiquidJS
 * sees only the values the template names, each a string or null: no contact object to explore.
 */
export function render(
  template: CompiledTemplate,
  contact: TemplateContact,
): { text: string; missing: string[] } {
  const fields = contactValues(contact);
  const properties: Record<string, string | null> = Object.create(null);
  const values: Record<string, string | null> = {};
  for (const { path } of template.variables) {
    const [, field, key] = path.split(".");
    if (key === undefined) {
      values[path] = fields[field ?? ""] ?? null;
      continue;
    }
    const own = contact.properties && Object.hasOwn(contact.properties, key) ? contact.properties[key] : null;
    properties[key] = printable(own);
    values[path] = properties[key] ?? null;
  }
  const missing = template.variables
    .filter((v) => !v.hasDefault && values[v.path] === null)
    .map((v) => v.path);
  const text = engine.renderSync(template.parsed as Template[], { contact: { ...fields, properties } });
  return { text: String(text), missing };
}
