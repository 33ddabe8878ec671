import { type Contact, ContactUpdated, NotFoundError, type UpdateContact } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { findContact, lockIdentifiers, updateContact as updateContactRow } from "../db/contacts.js";
import { ensureTags } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import {
  applyPatch,
  changedFields,
  fieldsOf,
  identifiersOf,
  requirePhoneOrEmail,
  requirePropertiesFit,
} from "./contact-changes.js";
import { assertUnique, explainDuplicate } from "./contact-duplicates.js";
import { asksForOptIn, loadInputContext, prepareInput } from "./contact-input.js";
import { toContact } from "./contact-view.js";
import { catalogFor, catalogOf, tagsAdded } from "./tag-view.js";

/**
 * Partial update: given fields replace, `null` clears, absent fields stay. Nothing changed
 * (and no opt-in asked for) → the contact as it is, no event.
 */
export async function updateContact(
  deps: CoreDeps,
  organizationId: string,
  id: string,
  input: UpdateContact,
): Promise<Contact> {
  const ctx = await loadInputContext(deps, organizationId, [input]);
  const { patch, optIn } = prepareInput(input, ctx);
  const keys = identifiersOf(patch);
  try {
    return await deps.transact(async (trx) => {
      await lockIdentifiers(trx, organizationId, [keys]);
      const current = await findContact(trx, organizationId, id, { forUpdate: true });
      if (!current) throw new NotFoundError("contact");
      const next = applyPatch(fieldsOf(current), patch);
      requirePhoneOrEmail(next);
      requirePropertiesFit(next);
      const changes = changedFields(fieldsOf(current), next);
      const changed = Object.keys(changes).length > 0;
      if (!changed && !asksForOptIn(optIn))
        return toContact(current, await catalogFor(trx, organizationId, [current]));
      await assertUnique(trx, organizationId, identifiersOf(changes), id);
      const row = changed ? await updateContactRow(trx, organizationId, id, changes) : current;
      if (!row) throw new NotFoundError("contact");
      const contact = toContact(row, catalogOf(await ensureTags(trx, organizationId, row.tags)));
      await enqueue(
        trx,
        newEvent(ContactUpdated, organizationId, {
          ...contact,
          ...optIn,
          ...tagsAdded(current.tags, row.tags),
        }),
      );
      return contact;
    });
  } catch (error) {
    throw await explainDuplicate(deps.db, organizationId, keys, error, id);
  }
}
