import {
  ContactCreated,
  ContactUpdated,
  type ErrorDetail,
  type EventEnvelope,
  type UpsertOutcome,
} from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { findByIdentifiers, insertContact, updateContact } from "../db/contacts.js";
import type { CoreDB } from "../db/schema.js";
import { ensureTags } from "../db/tags.js";
import {
  applyPatch,
  changedFields,
  fieldsOf,
  identifiersOf,
  requirePhoneOrEmail,
  requirePropertiesFit,
} from "./contact-changes.js";
import { heldBy } from "./contact-duplicates.js";
import { asksForOptIn, type PreparedInput } from "./contact-input.js";
import { toContact } from "./contact-view.js";
import { catalogOf, tagsAdded } from "./tag-view.js";

export interface PreparedRow extends PreparedInput {
  index: number;
}

export interface RowResult {
  outcome: UpsertOutcome;
  event?: EventEnvelope;
}

function conflict(index: number, details: ErrorDetail[]): RowResult {
  const error = `identifiers match different contacts: ${details.map((d) => `${d.field} ${d.message}`).join("; ")}`;
  return { outcome: { index, status: "conflict", error, details } };
}

/**
 * One upsert row, inside the caller's transaction. The row's identifiers (external_id, phone,
 * email) must all lead to the same contact, or to none; otherwise it is a conflict and nothing
 * is written, so two people are never merged. A contact found by phone or email whose own
 * external_id differs from the row's is a conflict too: the client's system says it is someone else.
 */
export async function upsertContactRow(
  trx: Transaction<CoreDB>,
  organizationId: string,
  row: PreparedRow,
): Promise<RowResult> {
  const prefix = `contacts.${row.index}`;
  const keys = identifiersOf(row.patch);
  const matches = await findByIdentifiers(trx, organizationId, keys, { forUpdate: true });
  if (matches.length > 1) {
    const details = matches.flatMap((match) =>
      heldBy(match, keys).map((field) => ({
        field: `${prefix}.${field}`,
        message: `belongs to contact ${match.id}`,
      })),
    );
    return conflict(row.index, details);
  }
  const current = matches[0];
  if (current?.external_id && keys.external_id !== undefined && current.external_id !== keys.external_id) {
    const field = heldBy(current, keys)[0] ?? "phone";
    return conflict(row.index, [
      { field: `${prefix}.${field}`, message: `belongs to contact ${current.id}` },
      {
        field: `${prefix}.external_id`,
        message: `differs from that contact's external_id "${current.external_id}"`,
      },
    ]);
  }
  const next = applyPatch(fieldsOf(current), row.patch);
  requirePhoneOrEmail(next, prefix);
  requirePropertiesFit(next, prefix);
  if (!current) {
    const created = await insertContact(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      ...next,
    });
    const contact = toContact(created, catalogOf(await ensureTags(trx, organizationId, created.tags)));
    return {
      outcome: { index: row.index, status: "created", id: created.id },
      event: newEvent(ContactCreated, organizationId, {
        ...contact,
        ...row.optIn,
        ...tagsAdded([], created.tags),
      }),
    };
  }
  const changes = changedFields(fieldsOf(current), next);
  const changed = Object.keys(changes).length > 0;
  const updated = changed ? await updateContact(trx, organizationId, current.id, changes) : current;
  const outcome: UpsertOutcome = {
    index: row.index,
    status: changed ? "updated" : "unchanged",
    id: current.id,
  };
  // An opt-in on an unchanged contact still reaches the consent owner.
  if (!changed && !asksForOptIn(row.optIn)) return { outcome };
  const stored = updated ?? current;
  const contact = toContact(stored, catalogOf(await ensureTags(trx, organizationId, stored.tags)));
  return {
    outcome,
    event: newEvent(ContactUpdated, organizationId, {
      ...contact,
      ...row.optIn,
      ...tagsAdded(current.tags, stored.tags),
    }),
  };
}
