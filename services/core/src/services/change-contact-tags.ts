import {
  type AddContactTags,
  type Contact,
  ContactUpdated,
  MAX_CONTACT_TAGS,
  NotFoundError,
  ValidationError,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { findContact, updateContact } from "../db/contacts.js";
import type { CoreDB } from "../db/schema.js";
import { ensureTags, findTagsByIds, findTagsByNames } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import { toContact } from "./contact-view.js";
import { catalogFor, catalogOf, tagsAdded } from "./tag-view.js";

/** Tags named by id must exist; tags named by name are created when new. */
async function namesOf(trx: Transaction<CoreDB>, organizationId: string, input: AddContactTags) {
  const ids = [...(input.tag_id ? [input.tag_id] : []), ...(input.tag_ids ?? [])];
  const byId = await findTagsByIds(trx, organizationId, ids);
  const missing = ids.find((id) => !byId.some((tag) => tag.id === id));
  if (missing)
    throw ValidationError.field(input.tag_id === missing ? "tag_id" : "tag_ids", `no tag ${missing}`);
  return [...byId.map((tag) => tag.name), ...(input.name ? [input.name] : []), ...(input.names ?? [])];
}

/** Adds tags to a contact (those it has already are kept once); the contact, with an event when it changed. */
export function addContactTags(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  contactId: string,
  input: AddContactTags,
): Promise<Contact> {
  return deps.transact(async (trx) => {
    const current = await findContact(trx, organizationId, contactId, { forUpdate: true });
    if (!current) throw new NotFoundError("contact");
    const names = await namesOf(trx, organizationId, input);
    const next = [...new Set([...current.tags, ...names])];
    if (next.length > MAX_CONTACT_TAGS)
      throw ValidationError.field("tags", `at most ${MAX_CONTACT_TAGS} per contact`);
    if (next.length === current.tags.length)
      return toContact(current, await catalogFor(trx, organizationId, [current]));
    const row = await updateContact(trx, organizationId, contactId, { tags: next });
    if (!row) throw new NotFoundError("contact");
    const contact = toContact(row, catalogOf(await ensureTags(trx, organizationId, row.tags)));
    await enqueue(
      trx,
      newEvent(ContactUpdated, organizationId, { ...contact, ...tagsAdded(current.tags, row.tags) }),
    );
    return contact;
  });
}

/**
 * Takes one tag (by id or by name) off a contact. Idempotent: a tag it does not carry (any more)
 * leaves it as it is, with no event, so a retried removal is not an error.
 */
export function removeContactTag(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  contactId: string,
  tag: string,
): Promise<Contact> {
  return deps.transact(async (trx) => {
    const current = await findContact(trx, organizationId, contactId, { forUpdate: true });
    if (!current) throw new NotFoundError("contact");
    const [byId] = /^[0-9a-f-]{36}$/i.test(tag) ? await findTagsByIds(trx, organizationId, [tag]) : [];
    const name = byId?.name ?? tag;
    if (!current.tags.includes(name))
      return toContact(current, await catalogFor(trx, organizationId, [current]));
    const row = await updateContact(trx, organizationId, contactId, {
      tags: current.tags.filter((t) => t !== name),
    });
    if (!row) throw new NotFoundError("contact");
    const contact = toContact(row, catalogOf(await findTagsByNames(trx, organizationId, row.tags)));
    await enqueue(trx, newEvent(ContactUpdated, organizationId, contact));
    return contact;
  });
}
