import { toE164 } from "@relay/domain";
import type { Kysely } from "kysely";
import { findLiveContacts } from "../db/contacts-lookup.js";
import type { ContactRow, ConversationsDB } from "../db/schema.js";
import type { Recipient } from "../policies/policy.js";

/** A send's contact, and whether core answered for it (so the projection has yet to hear of it). */
export interface FoundRecipient {
  contact: Recipient;
  fromCore: boolean;
}

/** A contact as the projection keeps it, in the shape core's answers have. */
export const fromProjection = (row: ContactRow): Recipient => ({
  id: row.id,
  updated_at: row.version.toISOString(),
  ...(row.name !== null && { name: row.name }),
  ...(row.phone !== null && { phone: row.phone }),
  ...(row.email !== null && { email: row.email }),
});

/** The one contact holding a value in the projection; none when it holds it twice (a lag): core decides then. */
export function only(rows: ContactRow[], value: (row: ContactRow) => string | null) {
  const index = new Map<string, ContactRow | null>();
  for (const row of rows) {
    const v = value(row);
    if (v !== null) index.set(v, index.has(v) ? null : row);
  }
  return (v: string | undefined) => (v === undefined ? undefined : (index.get(v) ?? undefined));
}

/**
 * A send's recipient when the projection holds exactly one live contact with that full
 * international number or email (the common case: texting someone back), so core is not asked;
 * undefined sends the question to core (a new, national-format, doubled or deleted address).
 */
export async function projectedRecipient(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  by: { phone: string } | { email: string },
): Promise<Recipient | undefined> {
  if ("phone" in by) {
    const raw = by.phone.trim();
    const phone = raw.startsWith("+") ? toE164(raw) : undefined;
    if (phone === undefined) return undefined;
    const rows = await findLiveContacts(db, organizationId, { ids: [], phones: [phone], emails: [] });
    const row = only(rows, (r) => r.phone)(phone);
    return row && fromProjection(row);
  }
  const email = by.email.trim().toLowerCase();
  if (email === "") return undefined;
  const rows = await findLiveContacts(db, organizationId, { ids: [], phones: [], emails: [email] });
  const row = only(rows, (r) => r.email?.toLowerCase() ?? null)(email);
  return row && fromProjection(row);
}
