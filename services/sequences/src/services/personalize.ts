import {
  type CompiledTemplate,
  compileTemplate,
  MAX_AUDIENCE_PAGE,
  render,
  type StepInput,
  ValidationError,
} from "@relay/domain";
import type { SequencesDeps } from "../deps.js";
import { stringPaths } from "./json-strings.js";

// Step texts repeat across thousands of runs: each is compiled once (cleared if they pile up).
const compiled = new Map<string, CompiledTemplate | null>();

/** A text's template when it names variables (`{{ contact.first_name }}`), else null. */
function templateOf(text: string): CompiledTemplate | null {
  let template = compiled.get(text);
  if (template === undefined) {
    const result = compileTemplate(text);
    template = result.ok && result.template.variables.length > 0 ? result.template : null;
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(text, template);
  }
  return template;
}

/**
 * On save: every text a step sends is a template campaigns would render (422 naming the field),
 * a webhook's payload strings included (`steps.<i>.payload.<path>`).
 */
export function assertStepTexts(steps: StepInput[]): void {
  steps.forEach((step, index) => {
    const texts: Record<string, string | undefined> =
      step.type === "send"
        ? { body: step.body }
        : step.type === "collect"
          ? { body: step.body, retry_body: step.retry_body }
          : step.type === "webhook" && step.payload
            ? Object.fromEntries(stringPaths(step.payload).map(({ path, text }) => [`payload.${path}`, text]))
            : {};
    for (const [field, text] of Object.entries(texts)) {
      if (text === undefined) continue;
      const result = compileTemplate(text);
      if (!result.ok) throw ValidationError.field(`steps.${index}.${field}`, result.error.message);
    }
  });
}

/**
 * The texts of a batch of due sends, each rendered for its contact with campaigns' variables:
 * the contacts of texts that name any are read from core in pages; a variable the contact
 * lacks renders empty (a `default` filter gives it a value), and a contact core no longer has
 * gets the text as written.
 */
export async function personalize(
  deps: Pick<SequencesDeps, "contacts">,
  organizationId: string,
  items: { contactId: string; text: string }[],
): Promise<string[]> {
  const templates = items.map((item) => templateOf(item.text));
  const needed = [...new Set(items.filter((_, i) => templates[i]).map((item) => item.contactId))];
  if (needed.length === 0) return items.map((item) => item.text);
  const propertyKeys = new Set<string>();
  for (const template of templates)
    for (const { path } of template?.variables ?? []) {
      const match = /^contact\.properties\.(.+)$/.exec(path);
      if (match?.[1]) propertyKeys.add(match[1]);
    }
  const contacts = new Map<string, Parameters<typeof render>[1]>();
  for (let at = 0; at < needed.length; at += MAX_AUDIENCE_PAGE) {
    const ids = needed.slice(at, at + MAX_AUDIENCE_PAGE);
    const page = await deps.contacts.page(
      organizationId,
      { contact_ids: ids },
      { limit: ids.length, propertyKeys: [...propertyKeys].slice(0, 64) },
    );
    for (const contact of page.contacts) contacts.set(contact.id, contact);
  }
  return items.map((item, i) => {
    const template = templates[i];
    const contact = contacts.get(item.contactId);
    return template && contact ? render(template, contact).text : item.text;
  });
}
