import {
  type ListDeliveriesQuery,
  NotFoundError,
  type ReplayEndpoint,
  TEST_EVENT_NAME,
  ValidationError,
} from "@relay/domain";
import { replayEvents } from "../db/fan-out.js";
import type { WebhooksDeps } from "../deps.js";
import { endpointRow } from "./endpoints.js";
import { publicBody } from "./public-event.js";
import { toDelivery } from "./views.js";

/** The endpoint's delivery log, newest first. */
export async function listDeliveries(
  deps: WebhooksDeps,
  organizationId: string,
  endpointId: string,
  query: ListDeliveriesQuery,
) {
  await endpointRow(deps, organizationId, endpointId);
  let base = deps.db.selectFrom("deliveries").where("endpoint_id", "=", endpointId);
  if (query.status) base = base.where("status", "=", query.status);
  if (query.event) base = base.where("event_type", "=", query.event);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("seq", "desc").limit(query.limit).offset(query.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(toDelivery), total: Number(count.total) };
}

async function deliveryRow(deps: WebhooksDeps, organizationId: string, endpointId: string, id: string) {
  const row = await deps.db
    .selectFrom("deliveries")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("endpoint_id", "=", endpointId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("delivery");
  return row;
}

export async function getDelivery(
  deps: WebhooksDeps,
  organizationId: string,
  endpointId: string,
  id: string,
) {
  return toDelivery(await deliveryRow(deps, organizationId, endpointId, id));
}

async function enabledEndpoint(deps: WebhooksDeps, organizationId: string, endpointId: string) {
  const endpoint = await endpointRow(deps, organizationId, endpointId);
  if (!endpoint.active) {
    throw ValidationError.field("active", "the endpoint is disabled: enable it (PUT active: true) first");
  }
  return endpoint;
}

/** Sends one delivery again now, whatever its state (a delivered one too). */
export async function retryDelivery(
  deps: WebhooksDeps,
  organizationId: string,
  endpointId: string,
  id: string,
) {
  await enabledEndpoint(deps, organizationId, endpointId);
  await deliveryRow(deps, organizationId, endpointId, id);
  const now = deps.now();
  const row = await deps.db
    .updateTable("deliveries")
    .set({ status: "pending", next_attempt_at: now, updated_at: now })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  deps.wake();
  return toDelivery(row);
}

/** Every event the endpoint subscribes to since `since` (before `until`), sent again as new deliveries. */
export async function replayEndpoint(
  deps: WebhooksDeps,
  organizationId: string,
  endpointId: string,
  input: ReplayEndpoint,
) {
  const endpoint = await enabledEndpoint(deps, organizationId, endpointId);
  const since = new Date(input.since);
  const until = input.until ? new Date(input.until) : undefined;
  if (until && until <= since) throw ValidationError.field("until", "must be after since");
  const replayed = await replayEvents(deps.db, endpoint, since, until, deps.now());
  deps.wake();
  return { message: `${replayed} events queued for delivery`, replayed };
}

/** A sample event for this endpoint only (never replayed), to check the receiver and its signature check. */
export async function sendTestEvent(deps: WebhooksDeps, organizationId: string, endpointId: string) {
  const endpoint = await enabledEndpoint(deps, organizationId, endpointId);
  const now = deps.now();
  const id = crypto.randomUUID();
  const timestamp = new Date().toISOString();
  const data = { endpoint_id: endpoint.id, message: "This is a test event from Relay." };
  const row = await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("events")
      .values({
        id,
        organization_id: organizationId,
        type: TEST_EVENT_NAME,
        resource_key: `endpoint:${endpoint.id}`,
        body: publicBody(TEST_EVENT_NAME, id, organizationId, timestamp, data),
        occurred_at: timestamp,
        only_endpoint_id: endpoint.id,
      })
      .execute();
    return trx
      .insertInto("deliveries")
      .values({
        id: crypto.randomUUID(),
        organization_id: organizationId,
        endpoint_id: endpoint.id,
        event_id: id,
        event_type: TEST_EVENT_NAME,
        resource_key: `endpoint:${endpoint.id}`,
        status: "pending",
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  deps.wake();
  return toDelivery(row);
}
