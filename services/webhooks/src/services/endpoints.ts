import {
  type CreateDeveloperEndpoint,
  type DeveloperEndpoint,
  type ListEndpointsQuery,
  NotFoundError,
  type UpdateDeveloperEndpoint,
} from "@relay/domain";
import { assertEgressUrl, newSigningSecret, ROTATION_OVERLAP_MS } from "@relay/service-kit";
import { sql } from "kysely";
import type { EndpointRow } from "../db/schema.js";
import type { WebhooksDeps } from "../deps.js";
import { ensureApplication } from "./applications.js";
import { toEndpoint } from "./views.js";

export async function endpointRow(
  deps: WebhooksDeps,
  organizationId: string,
  id: string,
): Promise<EndpointRow> {
  const row = await deps.db
    .selectFrom("endpoints")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("developer endpoint");
  return row;
}

/** Registers an endpoint; the answer is the only one that shows its signing secret. */
export async function createEndpoint(
  deps: WebhooksDeps,
  organizationId: string,
  input: CreateDeveloperEndpoint,
): Promise<DeveloperEndpoint> {
  await assertEgressUrl("url", input.url, deps.egress);
  const now = deps.now();
  const id = crypto.randomUUID();
  const secret = newSigningSecret();
  const row = await deps.db.transaction().execute(async (trx) => {
    const applicationId = await ensureApplication(trx, organizationId, input.developer_application_id, now);
    return trx
      .insertInto("endpoints")
      .values({
        id,
        organization_id: organizationId,
        application_id: applicationId,
        url: input.url,
        event_types: [...new Set(input.event_types)],
        active: input.active,
        description: input.description ?? null,
        secret: deps.secrets.seal(id, secret),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return toEndpoint(row, secret);
}

export async function listEndpoints(deps: WebhooksDeps, organizationId: string, query: ListEndpointsQuery) {
  let base = deps.db.selectFrom("endpoints").where("organization_id", "=", organizationId);
  if (query.developer_application_id)
    base = base.where("application_id", "=", query.developer_application_id);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map((row) => toEndpoint(row)), total: Number(count.total) };
}

/** Changes an endpoint; enabling it (`active: true`) clears the reason the platform disabled it for. */
export async function updateEndpoint(
  deps: WebhooksDeps,
  organizationId: string,
  id: string,
  input: UpdateDeveloperEndpoint,
): Promise<DeveloperEndpoint> {
  await endpointRow(deps, organizationId, id);
  if (input.url !== undefined) await assertEgressUrl("url", input.url, deps.egress);
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const applicationId =
      input.developer_application_id === undefined
        ? undefined
        : await ensureApplication(trx, organizationId, input.developer_application_id, now);
    return trx
      .updateTable("endpoints")
      .set({
        ...(applicationId ? { application_id: applicationId } : {}),
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.event_types ? { event_types: [...new Set(input.event_types)] } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(input.active ? { disabled_reason: null, disabled_at: null, failing_since: null } : {}),
        updated_at: now,
      })
      .where("organization_id", "=", organizationId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return toEndpoint(row);
}

export async function deleteEndpoint(deps: WebhooksDeps, organizationId: string, id: string) {
  const row = await deps.db
    .deleteFrom("endpoints")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new NotFoundError("developer endpoint");
  return { id: row.id, deleted: true as const };
}

/** A new secret, shown once; the one before keeps signing (beside it) for 24 hours. */
export async function rotateSecret(deps: WebhooksDeps, organizationId: string, id: string) {
  const current = await endpointRow(deps, organizationId, id);
  const now = deps.now();
  const secret = newSigningSecret();
  const stored = JSON.stringify(current.secret);
  const row = await deps.db
    .updateTable("endpoints")
    .set({
      secret: deps.secrets.seal(current.id, secret),
      // Sealed for this endpoint, it opens as the previous secret as it is.
      previous_secret: stored,
      previous_secret_expires_at: new Date(now.getTime() + ROTATION_OVERLAP_MS),
      updated_at: now,
    })
    .where("id", "=", current.id)
    .where(sql<boolean>`secret = ${stored}::jsonb`)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("developer endpoint");
  return toEndpoint(row, secret);
}
