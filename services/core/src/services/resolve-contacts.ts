import {
  ContactCreated,
  type ResolveContacts,
  type ResolvedContact,
  type ResolveManyResult,
  toE164,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { z } from "zod";
import { type Identifiers, lockIdentifiers } from "../db/contacts.js";
import { findByPhonesOrEmails, insertContacts } from "../db/contacts-many.js";
import type { ContactRow, CoreDB } from "../db/schema.js";
import type { CoreDeps } from "../deps.js";
import { applyPatch, fieldsOf } from "./contact-changes.js";
import { invalidPhone, organizationCountry } from "./contact-input.js";
import { toContact } from "./contact-view.js";
import { NO_TAGS } from "./tag-view.js";

type Request = z.output<(typeof ResolveContacts)["request"]>;
type Wanted = { keys: Identifiers; name?: string | undefined };

type Reachable = { phone: string | null; email: string | null };

/** Contacts by phone and by lower-cased email; the phone decides, as `resolveContact` finds. */
class Found<T extends Reachable = ContactRow> {
  private readonly byPhone = new Map<string, T>();
  private readonly byEmail = new Map<string, T>();

  add(rows: T[]): this {
    // Oldest first: an email two contacts share answers the oldest, as `findByIdentifiers` orders.
    for (const row of rows) {
      if (row.phone !== null && !this.byPhone.has(row.phone)) this.byPhone.set(row.phone, row);
      const email = row.email?.toLowerCase();
      if (email !== undefined && !this.byEmail.has(email)) this.byEmail.set(email, row);
    }
    return this;
  }

  match(keys: Identifiers): T | undefined {
    return (
      (keys.phone === undefined ? undefined : this.byPhone.get(keys.phone)) ??
      (keys.email === undefined ? undefined : this.byEmail.get(keys.email.toLowerCase()))
    );
  }
}

function lookUp(db: Kysely<CoreDB>, organizationId: string, wanted: Wanted[]): Promise<ContactRow[]> {
  const phones = wanted.flatMap((w) => (w.keys.phone === undefined ? [] : [w.keys.phone]));
  const emails = wanted.flatMap((w) => (w.keys.email === undefined ? [] : [w.keys.email]));
  return findByPhonesOrEmails(db, organizationId, [...new Set(phones)], [...new Set(emails)]);
}

/**
 * Creates the contacts nobody holds yet, under the same identifier locks as `resolveContact`
 * (all of them, sorted, in one statement), in one insert with one outbox write. An item that
 * matches a contact created for an earlier item gets that one, as one call after another would.
 */
async function createMissing(
  deps: CoreDeps,
  organizationId: string,
  missing: Wanted[],
): Promise<ContactRow[]> {
  return deps.transact(async (trx) => {
    await lockIdentifiers(
      trx,
      organizationId,
      missing.map((w) => w.keys),
    );
    const found = new Found().add(await lookUp(trx, organizationId, missing));
    const planned = new Found<Reachable>();
    const rows: Parameters<typeof insertContacts>[1] = [];
    for (const { keys, name } of missing) {
      if (found.match(keys) ?? planned.match(keys)) continue;
      const row = {
        id: crypto.randomUUID(),
        organization_id: organizationId,
        ...applyPatch(fieldsOf(), { ...keys, name: name ?? null }),
      };
      rows.push(row);
      planned.add([row]);
    }
    const inserted = await insertContacts(trx, rows);
    await enqueue(
      trx,
      ...inserted.map((row) => newEvent(ContactCreated, organizationId, toContact(row, NO_TAGS))),
    );
    return lookUp(trx, organizationId, missing);
  });
}

const resolved = (row: ContactRow): ResolvedContact => {
  const { id, phone, email, name, updated_at } = toContact(row, NO_TAGS);
  return { id, updated_at, ...(phone && { phone }), ...(email && { email }), ...(name && { name }) };
};

/**
 * `rpc.core.contact.resolve_many`: each item's contact by phone (E.164 in the organization's
 * country), else email; the ones nobody holds are created. One find for all, and for the
 * missing one transaction. An impossible phone answers that item's error only.
 */
export async function resolveContacts(
  deps: CoreDeps,
  request: Request,
): Promise<{ results: ResolveManyResult[] }> {
  const organizationId = request.organization_id;
  const country = await organizationCountry(deps, organizationId);
  const items = request.items.map((item): Wanted | ResolveManyResult => {
    const keys: Identifiers = {};
    if (item.phone !== undefined) {
      const phone = toE164(item.phone, country);
      if (!phone) {
        const detail = invalidPhone("phone", country);
        return {
          error: { code: "validation_failed", message: `phone: ${detail.message}`, details: [detail] },
        };
      }
      keys.phone = phone;
    }
    if (item.email !== undefined) keys.email = item.email;
    return { keys, name: item.name };
  });
  const wanted = items.filter((item): item is Wanted => "keys" in item);
  const found = new Found().add(await lookUp(deps.db, organizationId, wanted));
  const missing = wanted.filter((w) => found.match(w.keys) === undefined);
  if (missing.length > 0) found.add(await createMissing(deps, organizationId, missing));
  return {
    results: items.map((item) => {
      if (!("keys" in item)) return item;
      const row = found.match(item.keys);
      if (!row) throw new Error("a resolved contact is missing after its creation");
      return { contact: resolved(row) };
    }),
  };
}
