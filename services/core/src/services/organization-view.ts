import type { Organization } from "@relay/domain";
import type { OrganizationRow } from "../db/schema.js";

export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    default_country: row.default_country,
    created_at: row.created_at.toISOString(),
  };
}
