import { TEST_ADMIN_TOKEN, TEST_INTERNAL_TOKEN, testDatabaseUrl } from "@relay/testing";
import pg from "pg";

export interface TestOrganization {
  organizationId: string;
  apiKeyId: string;
  apiKey: string;
}

/** What `POST /admin/organizations` answers (the parts tests use). */
interface Created {
  data: { organization: { id: string }; api_key: { id: string; key: string } };
}

/** An organization with one enabled API key, made by core's admin bootstrap route. */
export async function createOrganization(
  coreUrl: string,
  name = "Gateway Test Org",
): Promise<TestOrganization> {
  const res = await fetch(`${coreUrl}/admin/organizations`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
      "x-internal-token": TEST_INTERNAL_TOKEN,
      "content-type": "application/json",
    },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201)
    throw new Error(`creating an organization failed: ${res.status} ${await res.text()}`);
  const { data } = (await res.json()) as Created;
  return { organizationId: data.organization.id, apiKeyId: data.api_key.id, apiKey: data.api_key.key };
}

/** Flips a key's `enabled` behind core's back, as an operator (or another instance) would. */
export async function setApiKeyEnabled(coreSchema: string, apiKeyId: string, enabled: boolean) {
  const client = new pg.Client({
    connectionString: testDatabaseUrl(),
    options: `-c search_path=${coreSchema}`,
  });
  await client.connect();
  try {
    const result = await client.query("update api_keys set enabled = $2 where id = $1", [apiKeyId, enabled]);
    if (result.rowCount !== 1) throw new Error(`no api key ${apiKeyId}`);
  } finally {
    await client.end();
  }
}
