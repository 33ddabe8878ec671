import type { ContactRow } from "../db/schema.js";
import type { Recipient } from "../policies/policy.js";

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
