import {
  type CreateDeveloperApplication,
  type DeveloperApplication,
  NotFoundError,
  type Pagination,
  type UpdateDeveloperApplication,
} from "@relay/domain";
import type { Kysely } from "kysely";
import type { WebhooksDB } from "../db/schema.js";
import type { WebhooksDeps } from "../deps.js";
import { toApplication } from "./views.js";

export async function createApplication(
  deps: WebhooksDeps,
  organizationId: string,
  input: CreateDeveloperApplication,
): Promise<DeveloperApplication> {
  const now = deps.now();
  const row = await deps.db
    .insertInto("applications")
    .values({
      organization_id: organizationId,
      id: crypto.randomUUID(),
      name: input.name,
      description: input.description ?? null,
      active: input.active,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApplication(row);
}

export async function listApplications(deps: WebhooksDeps, organizationId: string, page: Pagination) {
  const [rows, count] = await Promise.all([
    deps.db
      .selectFrom("applications")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    deps.db
      .selectFrom("applications")
      .select((eb) => eb.fn.countAll<string>().as("total"))
      .where("organization_id", "=", organizationId)
      .executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(toApplication), total: Number(count.total) };
}

export async function getApplication(deps: WebhooksDeps, organizationId: string, id: string) {
  const row = await deps.db
    .selectFrom("applications")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("developer application");
  return toApplication(row);
}

export async function updateApplication(
  deps: WebhooksDeps,
  organizationId: string,
  id: string,
  input: UpdateDeveloperApplication,
) {
  const row = await deps.db
    .updateTable("applications")
    .set({ ...input, updated_at: deps.now() })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFoundError("developer application");
  return toApplication(row);
}

/** Deletes the application and, with it, its endpoints and their deliveries. */
export async function deleteApplication(deps: WebhooksDeps, organizationId: string, id: string) {
  const row = await deps.db
    .deleteFrom("applications")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new NotFoundError("developer application");
  return { id: row.id, deleted: true as const };
}

/**
 * The application an endpoint joins. An id the organization does not have yet is created under
 * that id (Whippy's Activepieces piece names one fixed application id); none named, the
 * organization's first application, created when it has none.
 */
export async function ensureApplication(
  db: Kysely<WebhooksDB>,
  organizationId: string,
  id: string | undefined,
  now: Date,
): Promise<string> {
  if (!id) {
    const first = await db
      .selectFrom("applications")
      .select("id")
      .where("organization_id", "=", organizationId)
      .orderBy("created_at")
      .limit(1)
      .executeTakeFirst();
    if (first) return first.id;
  }
  const applicationId = id ?? crypto.randomUUID();
  await db
    .insertInto("applications")
    .values({
      organization_id: organizationId,
      id: applicationId,
      name: "Default application",
      description: null,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(["organization_id", "id"]).doNothing())
    .execute();
  return applicationId;
}
