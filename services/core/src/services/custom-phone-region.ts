import type { Kysely } from "kysely";
import type { CoreDB } from "../db/schema.js";
import type { CoreDeps } from "../deps.js";
import { organizationCountry } from "./contact-input.js";

/**
 * The region national numbers of `phone` properties are read in, as contacts' are: the
 * organization's, looked up only when one of `types` is `phone`.
 */
export function phoneRegion(
  db: Kysely<CoreDB>,
  deps: Pick<CoreDeps, "defaultCountry">,
  organizationId: string,
  types: readonly string[],
): Promise<string> {
  if (!types.includes("phone")) return Promise.resolve(deps.defaultCountry);
  return organizationCountry({ db, defaultCountry: deps.defaultCountry }, organizationId);
}
