import { type Contact, ContactCreated, type CreateContact } from "@relay/domain";
import { enqueue, type IdempotencyKey, newEvent } from "@relay/service-kit";
import { insertContact, lockIdentifiers } from "../db/contacts.js";
import { ensureTags } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import { applyPatch, fieldsOf, identifiersOf, requirePhoneOrEmail } from "./contact-changes.js";
import { assertUnique, explainDuplicate } from "./contact-duplicates.js";
import { loadInputContext, prepareInput } from "./contact-input.js";
import { toContact } from "./contact-view.js";
import { catalogOf, tagsAdded } from "./tag-view.js";

/**
 * Creates a contact. A phone, email or external_id another contact already has is a 422
 * naming the field and that contact (`PUT /contacts/upsert` is the idempotent path).
 */
export async function createContact(
  deps: CoreDeps,
  organizationId: string,
  input: CreateContact,
  idempotency?: IdempotencyKey,
): Promise<Contact> {
  const ctx = await loadInputContext(deps, organizationId, [input]);
  const { patch, optIn } = prepareInput(input, ctx);
  const fields = applyPatch(fieldsOf(), patch);
  requirePhoneOrEmail(fields);
  const keys = identifiersOf(fields);
  try {
    return await deps.transact(
      async (trx) => {
        await lockIdentifiers(trx, organizationId, [keys]);
        await assertUnique(trx, organizationId, keys);
        const row = await insertContact(trx, {
          id: crypto.randomUUID(),
          organization_id: organizationId,
          ...fields,
        });
        const contact = toContact(row, catalogOf(await ensureTags(trx, organizationId, row.tags)));
        await enqueue(
          trx,
          newEvent(ContactCreated, organizationId, { ...contact, ...optIn, ...tagsAdded([], row.tags) }),
        );
        return contact;
      },
      { idempotency },
    );
  } catch (error) {
    throw await explainDuplicate(deps.db, organizationId, keys, error);
  }
}
