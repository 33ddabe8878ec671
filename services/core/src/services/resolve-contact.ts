import { type Contact, ContactCreated, type ResolveContact, toE164, ValidationError } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { z } from "zod";
import { findByIdentifiers, type Identifiers, insertContact, lockIdentifiers } from "../db/contacts.js";
import type { CoreDB } from "../db/schema.js";
import type { CoreDeps } from "../deps.js";
import { applyPatch, fieldsOf } from "./contact-changes.js";
import { heldBy } from "./contact-duplicates.js";
import { invalidPhone, organizationCountry } from "./contact-input.js";
import { toContact } from "./contact-view.js";

type ResolveRequest = z.output<(typeof ResolveContact)["request"]>;

async function find(
  db: Kysely<CoreDB>,
  organizationId: string,
  keys: Identifiers,
): Promise<Contact | undefined> {
  const rows = await findByIdentifiers(db, organizationId, keys);
  // The phone decides when phone and email lead to different contacts.
  const row = rows.find((r) => heldBy(r, keys).includes("phone")) ?? rows[0];
  return row && toContact(row);
}

/**
 * The organization's contact with this phone (normalized to E.164), else this email
 * (case-insensitive); created with the given name when there is none. Concurrent calls for
 * the same phone or email wait on an identifier lock, so they create one contact.
 */
export async function resolveContact(deps: CoreDeps, request: ResolveRequest): Promise<Contact> {
  const organizationId = request.organization_id;
  const country = await organizationCountry(deps, organizationId);
  const keys: Identifiers = {};
  if (request.phone !== undefined) {
    const phone = toE164(request.phone, country);
    if (!phone) {
      const detail = invalidPhone("phone", country);
      throw new ValidationError(`phone: ${detail.message}`, [detail]);
    }
    keys.phone = phone;
  }
  if (request.email !== undefined) keys.email = request.email;
  const found = await find(deps.db, organizationId, keys);
  if (found) return found;
  return deps.transact(async (trx) => {
    await lockIdentifiers(trx, organizationId, [keys]);
    const winner = await find(trx, organizationId, keys);
    if (winner) return winner;
    const fields = applyPatch(fieldsOf(), { ...keys, name: request.name ?? null });
    const row = await insertContact(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      ...fields,
    });
    const contact = toContact(row);
    await enqueue(trx, newEvent(ContactCreated, organizationId, contact));
    return contact;
  });
}
