import {
  type CustomEvent,
  CustomEventCreated,
  type CustomEventRequest,
  NotFoundError,
  type Pagination,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { sql, type Transaction } from "kysely";
import type { CustomEventRow, WebhooksDB } from "../db/schema.js";
import type { WebhooksDeps } from "../deps.js";
import { toCustomEvent } from "./views.js";

/**
 * Stores custom events and publishes each new one as `custom_event.created` (webhooks, sequence
 * triggers). One whose `external_id` the organization already sent is that earlier event: it is
 * answered, not stored or published again.
 */
async function storeCustomEvents(
  trx: Transaction<WebhooksDB>,
  organizationId: string,
  inputs: CustomEventRequest[],
  now: Date,
): Promise<CustomEventRow[]> {
  const rows: CustomEventRow[] = [];
  for (const input of inputs) {
    const inserted = await trx
      .insertInto("custom_events")
      .values({
        id: crypto.randomUUID(),
        organization_id: organizationId,
        event: input.event,
        external_id: input.external_id ?? null,
        timestamp: input.timestamp ?? now,
        payload: JSON.stringify(input.payload ?? {}),
        associated_resources: JSON.stringify(input.associated_resources ?? []),
        created_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["organization_id", "external_id"]).where("external_id", "is not", null).doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      await enqueue(trx, newEvent(CustomEventCreated, organizationId, toCustomEvent(inserted)));
      rows.push(inserted);
      continue;
    }
    const earlier = await trx
      .selectFrom("custom_events")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where("external_id", "=", input.external_id ?? "")
      .executeTakeFirstOrThrow();
    rows.push(earlier);
  }
  return rows;
}

export async function createCustomEvent(
  deps: WebhooksDeps,
  organizationId: string,
  input: CustomEventRequest,
): Promise<CustomEvent> {
  const [row] = await deps.transact((trx) => storeCustomEvents(trx, organizationId, [input], deps.now()));
  if (!row) throw new Error("no custom event stored");
  return toCustomEvent(row);
}

/** Bulk: validated whole before anything is stored, then stored in one transaction. */
export async function createCustomEvents(
  deps: WebhooksDeps,
  organizationId: string,
  inputs: CustomEventRequest[],
) {
  const rows = await deps.transact((trx) => storeCustomEvents(trx, organizationId, inputs, deps.now()));
  const created = new Set(rows.map((row) => row.id)).size;
  return { message: `${inputs.length} events accepted`, accepted: inputs.length, events: created };
}

/**
 * The contact's timeline of custom events, newest first (our extension). A contact neither core
 * told us of in this organization nor named by its events is not found.
 */
export async function contactTimeline(
  deps: WebhooksDeps,
  organizationId: string,
  contactId: string,
  page: Pagination,
) {
  const matches = JSON.stringify([{ resource: "contact", id: contactId }]);
  const base = deps.db
    .selectFrom("custom_events")
    .where("organization_id", "=", organizationId)
    .where(sql<boolean>`associated_resources @> ${matches}::jsonb`);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy("timestamp", "desc")
      .orderBy("id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  if (rows.length === 0 && page.offset === 0) {
    const known = await deps.db
      .selectFrom("known_contacts")
      .select("id")
      .where("organization_id", "=", organizationId)
      .where("id", "=", contactId)
      .executeTakeFirst();
    if (!known) throw new NotFoundError("contact");
  }
  return { data: rows.map(toCustomEvent), total: Number(count.total) };
}
