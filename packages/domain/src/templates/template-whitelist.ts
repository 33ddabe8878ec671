import { evalQuotedToken, type Output, type Template, TypeGuards } from "liquidjs";

/** The contact fields a template may print, besides `contact.properties.<key>`. */
export const CONTACT_FIELDS = ["first_name", "last_name", "name", "phone", "email", "external_id"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

const PROPERTY_KEY = /^[A-Za-z0-9_]{1,64}$/;
// Inherited names (`__proto__`, `constructor`, `toString`…) are never contact properties.
const INHERITED = new Set(["prototype", ...Object.getOwnPropertyNames(Object.prototype)]);
/** Allowed filters and how many literal arguments each takes, fewest and most. */
const FILTER_ARGUMENTS: ReadonlyMap<string, readonly [number, number]> = new Map([
  ["default", [1, 1]],
  ["upcase", [0, 0]],
  ["downcase", [0, 0]],
  ["capitalize", [0, 0]],
  ["strip", [0, 0]],
  ["truncate", [0, 2]],
]);

export interface TemplateVariable {
  path: string;
  hasDefault: boolean;
}

export class TemplateRefused extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** The variable one `{{ … }}` prints, or TemplateRefused naming what is outside the whitelist. */
export function checkedVariable(output: Output): TemplateVariable {
  const { postfix } = output.value.initial;
  const token = postfix[0];
  if (postfix.length !== 1 || !TypeGuards.isPropertyAccessToken(token) || token.variable !== undefined) {
    const text = postfix.map((t) => t.getText()).join(" ");
    throw new TemplateRefused(`only contact variables can be printed, not "${text}"`, text);
  }
  const path = token.props.map((prop) => {
    if (TypeGuards.isWordToken(prop)) return prop.content;
    if (TypeGuards.isQuotedToken(prop)) return evalQuotedToken(prop);
    throw new TemplateRefused(`"${token.getText()}" looks a name up indirectly`, token.getText());
  });
  const [root, field, key, ...rest] = path;
  const allowed =
    root === "contact" &&
    rest.length === 0 &&
    (key === undefined
      ? (CONTACT_FIELDS as readonly string[]).includes(field ?? "")
      : field === "properties" && PROPERTY_KEY.test(key) && !INHERITED.has(key));
  if (!allowed)
    throw new TemplateRefused(`"${path.join(".")}" is not a variable templates may use`, path.join("."));

  for (const filter of output.value.filters) {
    const arity = FILTER_ARGUMENTS.get(filter.name);
    if (arity === undefined)
      throw new TemplateRefused(`the filter "${filter.name}" is not allowed`, filter.name);
    const literal = filter.args.every(
      (arg) => !Array.isArray(arg) && (TypeGuards.isQuotedToken(arg) || TypeGuards.isNumberToken(arg)),
    );
    const [fewest, most] = arity;
    if (!literal || filter.args.length < fewest || filter.args.length > most) {
      const count = fewest === most ? `${most}` : `${fewest} to ${most}`;
      throw new TemplateRefused(
        `the filter "${filter.name}" takes ${count} quoted text or number argument(s)`,
        filter.name,
      );
    }
  }
  return { path: path.join("."), hasDefault: output.value.filters.some((f) => f.name === "default") };
}

/** Plain text passes; every tag (`{% … %}`: loops, assigns, includes, even comments) is refused. */
export function checkedTemplate(template: Template): TemplateVariable | undefined {
  if (TypeGuards.isHTMLToken(template.token)) return undefined;
  if (TypeGuards.isOutputToken(template.token)) return checkedVariable(template as Output);
  const name = TypeGuards.isTagToken(template.token) ? template.token.name : template.token.getText();
  throw new TemplateRefused(`tags are not allowed ({% ${name} %})`, name);
}
