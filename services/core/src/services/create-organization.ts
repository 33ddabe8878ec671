import {
  type CreateOrganization,
  type IssuedApiKey,
  type Organization,
  OrganizationCreated,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { insertOrganization } from "../db/organizations.js";
import type { CoreDeps } from "../deps.js";
import { issueApiKey } from "./issue-api-key.js";
import { toOrganization } from "./organization-view.js";

/** A new tenant and its first API key, in one transaction. */
export function createOrganization(
  deps: Pick<CoreDeps, "transact" | "defaultCountry">,
  input: CreateOrganization,
): Promise<{ organization: Organization; api_key: IssuedApiKey }> {
  return deps.transact(async (trx) => {
    const row = await insertOrganization(trx, {
      id: crypto.randomUUID(),
      name: input.name,
      default_country: input.default_country ?? deps.defaultCountry,
    });
    const organization = toOrganization(row);
    await enqueue(trx, newEvent(OrganizationCreated, row.id, organization));
    const apiKey = await issueApiKey(trx, row.id, "default");
    return { organization, api_key: apiKey };
  });
}
