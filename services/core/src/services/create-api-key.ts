import { type IssuedApiKey, NotFoundError } from "@relay/domain";
import { findOrganization } from "../db/organizations.js";
import type { CoreDeps } from "../deps.js";
import { issueApiKey } from "./issue-api-key.js";

/** A new key for the organization; the answer is the only time the key is shown. */
export function createApiKey(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  name: string,
): Promise<IssuedApiKey> {
  return deps.transact(async (trx) => {
    if (!(await findOrganization(trx, organizationId))) throw new NotFoundError("organization");
    return issueApiKey(trx, organizationId, name);
  });
}
