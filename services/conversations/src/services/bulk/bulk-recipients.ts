import { AppError, RESOLVE_MANY_SLICE, type ResolveManyItem, toE164, ValidationError } from "@relay/domain";
import { findLiveContacts } from "../../db/contacts-lookup.js";
import type { ContactRow } from "../../db/schema.js";
import type { ConversationsDeps } from "../../deps.js";
import { INVALID_PHONE } from "../../policies/send-parties.js";
import { type FoundRecipient, fromProjection, only } from "../projected-contacts.js";
import type { BulkRow } from "./bulk-row.js";
import { addressingOf } from "./row-send.js";

/** What a row names: a contact id, or an address to find (or create) the contact by. */
type Wanted =
  | { by: "id"; id: string }
  | { by: "phone"; raw: string; e164: string | undefined }
  | { by: "email"; email: string };

function wantedBy(row: BulkRow, e164: (to: string) => string | undefined): Wanted {
  const { message } = row;
  if (message.contact_id !== undefined) return { by: "id", id: message.contact_id };
  const to = (message.to ?? "").trim();
  if (addressingOf(message).recipientBy === "email") return { by: "email", email: to };
  // Only full international numbers are looked up here: a national one is read in the organization's country, by core.
  return { by: "phone", raw: to, e164: to.startsWith("+") ? e164(to) : undefined };
}

/** `toE164` once per distinct number of a batch: campaigns repeat numbers, and parsing one costs ~10 µs. */
function cachedE164() {
  const seen = new Map<string, string | undefined>();
  return (to: string) => {
    if (!seen.has(to)) seen.set(to, toE164(to));
    return seen.get(to);
  };
}

/** Contacts core holds by id (the projection did not have them yet); not the organization's → an error. */
async function askById(deps: ConversationsDeps, organizationId: string, ids: string[]) {
  const found = new Map<string, FoundRecipient | ValidationError>();
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(
      ids.slice(i, i + 20).map(async (id) => {
        try {
          found.set(id, {
            contact: await deps.core.getContact({ organization_id: organizationId, id }),
            fromCore: true,
          });
        } catch (error) {
          if (!(error instanceof AppError && error.code === "not_found")) throw error;
          found.set(id, ValidationError.field("contact_id", "is not a contact of this organization"));
        }
      }),
    );
  }
  return found;
}

/** Contacts by address from core, found or created, in slices that keep each request and reply small. */
async function askByAddress(
  deps: ConversationsDeps,
  organizationId: string,
  items: Map<string, ResolveManyItem>,
) {
  const entries = [...items];
  const slices = [];
  for (let i = 0; i < entries.length; i += RESOLVE_MANY_SLICE)
    slices.push(entries.slice(i, i + RESOLVE_MANY_SLICE));
  const found = new Map<string, FoundRecipient | ValidationError>();
  await Promise.all(
    slices.map(async (slice) => {
      const results = await deps.core.resolveContacts({
        organization_id: organizationId,
        items: slice.map(([, item]) => item),
      });
      slice.forEach(([key, item], i) => {
        const result = results[i];
        if (result === undefined) throw new Error("core answered fewer contacts than it was asked for");
        if ("contact" in result) {
          found.set(key, { contact: result.contact, fromCore: true });
        } else if (result.error.code === "validation_failed") {
          const fallback = item.email !== undefined ? "must be a valid email address" : INVALID_PHONE;
          found.set(key, ValidationError.field("to", result.error.details[0]?.message ?? fallback));
        } else throw new AppError(result.error.code, result.error.message);
      });
    }),
  );
  return found;
}

/**
 * Each row's contact: looked up in the contacts projection first (one query for all), and asked
 * of core only for what it does not know: ids by `rpc.core.contact.get`, addresses by one
 * `rpc.core.contact.resolve_many` per 250 (which creates the new ones). Refusals name the row's
 * field (`to`, or `contact_id` for an id that is not the organization's).
 */
export async function resolveRecipients(
  deps: ConversationsDeps,
  organizationId: string,
  rows: BulkRow[],
): Promise<Map<number, FoundRecipient | ValidationError>> {
  const e164 = cachedE164();
  const wanted = rows.map((row) => ({ row, wanted: wantedBy(row, e164) }));
  const ids = new Set<string>();
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const { wanted: w } of wanted) {
    if (w.by === "id") ids.add(w.id);
    else if (w.by === "phone" && w.e164 !== undefined) phones.add(w.e164);
    else if (w.by === "email") emails.add(w.email);
  }
  const known = await findLiveContacts(deps.db, organizationId, {
    ids: [...ids],
    phones: [...phones],
    emails: [...emails],
  });
  const byId = new Map(known.map((row) => [row.id, row]));
  const byPhone = only(known, (row) => row.phone);
  const byEmail = only(known, (row) => row.email?.toLowerCase() ?? null);

  const askIds = new Set<string>();
  const askItems = new Map<string, ResolveManyItem>();
  const answerOf = new Map<number, ContactRow | string>();
  for (const { row, wanted: w } of wanted) {
    const hit = w.by === "id" ? byId.get(w.id) : w.by === "phone" ? byPhone(w.e164) : byEmail(w.email);
    if (hit) answerOf.set(row.index, hit);
    else if (w.by === "id") {
      askIds.add(w.id);
      answerOf.set(row.index, `id:${w.id}`);
    } else {
      const item = w.by === "phone" ? { phone: w.e164 ?? w.raw } : { email: w.email };
      const key = "phone" in item ? `phone:${item.phone}` : `email:${item.email}`;
      askItems.set(key, item);
      answerOf.set(row.index, key);
    }
  }
  const [fromIds, fromAddresses] = await Promise.all([
    askById(deps, organizationId, [...askIds]),
    askByAddress(deps, organizationId, askItems),
  ]);
  const recipients = new Map<number, FoundRecipient | ValidationError>();
  for (const [index, answer] of answerOf) {
    if (typeof answer !== "string")
      recipients.set(index, { contact: fromProjection(answer), fromCore: false });
    else {
      const found = answer.startsWith("id:") ? fromIds.get(answer.slice(3)) : fromAddresses.get(answer);
      if (!found) throw new Error(`no answer for the recipient of bulk row ${index}`);
      recipients.set(index, found);
    }
  }
  return recipients;
}
