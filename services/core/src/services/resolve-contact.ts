import {
  type Contact,
  ContactCreated,
  type FindContact,
  NotFoundError,
  type ResolveContact,
  toE164,
  ValidationError,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { z } from "zod";
import { findByIdentifiers, type Identifiers, insertContactOnce, lockIdentifiers } from "../db/contacts.js";
import type { CoreDB } from "../db/schema.js";
import type { CoreDeps } from "../deps.js";
import { applyPatch, fieldsOf } from "./contact-changes.js";
import { heldBy } from "./contact-duplicates.js";
import { invalidPhone, organizationCountry } from "./contact-input.js";
import { toContact } from "./contact-view.js";
import { catalogFor } from "./tag-view.js";

const isForeignKeyViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23503";

type ResolveRequest = z.output<(typeof ResolveContact)["request"]>;
type FindRequest = z.output<(typeof FindContact)["request"]>;

async function find(
  db: Kysely<CoreDB>,
  organizationId: string,
  keys: Identifiers,
): Promise<Contact | undefined> {
  const rows = await findByIdentifiers(db, organizationId, keys);
  // The phone decides when phone and email lead to different contacts.
  const row = rows.find((r) => heldBy(r, keys).includes("phone")) ?? rows[0];
  return row && toContact(row, await catalogFor(db, organizationId, [row]));
}

/**
 * The organization's contact with this phone (normalized to E.164), else this email
 * (case-insensitive); created with the given name when there is none. Concurrent calls for
 * the same phone or email wait on an identifier lock, so they create one contact.
 */
export async function resolveContact(deps: CoreDeps, request: ResolveRequest): Promise<Contact> {
  const organizationId = request.organization_id;
  const keys = await identifiersOf(deps, request);
  const found = await find(deps.db, organizationId, keys);
  if (found) return found;
  return deps.transact(async (trx) => {
    await lockIdentifiers(trx, organizationId, [keys]);
    const fields = applyPatch(fieldsOf(), { ...keys, name: request.name ?? null });
    // A contact that took one of these identifiers meanwhile wins; the insert then does nothing.
    const row = await insertContactOnce(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      ...fields,
    }).catch((error: unknown) => {
      // The contact's organization must exist: a missing one is not found, as when it was read.
      if (isForeignKeyViolation(error)) throw new NotFoundError("organization");
      throw error;
    });
    if (!row) {
      const winner = await find(trx, organizationId, keys);
      if (winner) return winner;
      throw new Error("a contact holds these identifiers but could not be read");
    }
    const contact = toContact(row, await catalogFor(trx, organizationId, [row]));
    await enqueue(trx, newEvent(ContactCreated, organizationId, contact));
    return contact;
  });
}

/** `rpc.core.contact.find`: the contact with this phone (normalized) or email, never created. */
export async function findContactBy(
  deps: CoreDeps,
  request: FindRequest,
): Promise<{ contact: Contact | null }> {
  const keys = await identifiersOf(deps, request);
  return { contact: (await find(deps.db, request.organization_id, keys)) ?? null };
}

/** The request's phone in E.164 (a 422 naming `phone` when it cannot be one) and email. */
async function identifiersOf(
  deps: CoreDeps,
  request: { organization_id: string; phone?: string | undefined; email?: string | undefined },
): Promise<Identifiers> {
  const organizationId = request.organization_id;
  // An international number reads the same in every country: the organization's is not needed.
  const international = request.phone?.trim().startsWith("+") ? toE164(request.phone) : undefined;
  const country = international === undefined ? await organizationCountry(deps, organizationId) : undefined;
  const keys: Identifiers = {};
  if (request.phone !== undefined) {
    const phone = international ?? toE164(request.phone, country);
    if (!phone) {
      const detail = invalidPhone("phone", country ?? (await organizationCountry(deps, organizationId)));
      throw new ValidationError(`phone: ${detail.message}`, [detail]);
    }
    keys.phone = phone;
  }
  if (request.email !== undefined) keys.email = request.email;
  return keys;
}
