import type { Reply, Stack, TestOrganization } from "./harness.js";

/** A bulk answer's body, checked by the assertions. */
export interface BulkAnswer {
  data: {
    results: Array<{
      index: number;
      key?: string;
      status: "queued" | "scheduled" | "refused";
      id?: string;
      contact_id?: string;
      conversation_id?: string;
      error?: { code: string; message: string; details?: Array<{ field: string; message: string }> };
    }>;
    queued: number;
    scheduled: number;
    refused: number;
  };
}

/** POST /messaging/bulk as the gateway (or campaigns) would call it. */
export const sendBulk = (org: TestOrganization, messages: unknown[]): Promise<Reply<BulkAnswer>> =>
  org.call<BulkAnswer>("POST", "/messaging/bulk", { messages });

let counter = 0;
/** A key no other test used. */
export const freshKey = (label = "row") => `${label}-${process.pid}-${counter++}`;

/** An SMS row from `from` to `to` (or a contact id), with a fresh key unless given. */
export function smsRow(
  from: string,
  to: string | { contact_id: string },
  extra: Record<string, unknown> = {},
) {
  return {
    key: freshKey("sms"),
    type: "sms",
    from,
    ...(typeof to === "string" ? { to } : to),
    body: "Shift tomorrow at 9?",
    ...extra,
  };
}

/** Distinct US numbers for `n` recipients, from `start`. */
export const phones = (n: number, start = 0) =>
  Array.from({ length: n }, (_, i) => `+1628555${String(1000 + start + i).padStart(4, "0")}`);

/** The ids of the contacts the stack's core holds for these numbers (one per number). */
export async function contactIds(org: TestOrganization, numbers: string[]): Promise<string[]> {
  return Promise.all(
    numbers.map(
      async (phone) => (await org.core("POST", "/contacts/search", { phone })).body.data[0].id as string,
    ),
  );
}

/** The rows of the conversations schema's `messages` for an organization, oldest first. */
export async function storedMessages(stack: Stack, organizationId: string) {
  return stack.db.db
    .selectFrom("messages")
    .select(["id", "seq", "contact_id", "direction", "body", "delivery_status", "automated"])
    .where("organization_id", "=", organizationId)
    .orderBy("seq")
    .execute();
}
