import { createHash } from "node:crypto";
import { AuthenticateApiKey } from "@relay/domain";
import { createDatabase, type Database, request } from "@relay/service-kit";
import { TEST_ADMIN_TOKEN, TEST_INTERNAL_TOKEN, testDatabaseUrl } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoreDB } from "../src/db/schema.js";
import { type CoreHarness, startCore } from "./harness.js";
import { admin, createOrganization, type EventLog, eventLog, fieldsOf } from "./org-fixtures.js";

let core: CoreHarness;
let log: EventLog;
let database: Database<CoreDB>;

beforeAll(async () => {
  core = await startCore();
  log = await eventLog(core);
  database = createDatabase<CoreDB>({ url: testDatabaseUrl(), schema: core.schema, maxConnections: 2 });
});
afterAll(async () => {
  await log?.close();
  await database?.close();
  await core?.stop();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe("POST /admin/organizations", () => {
  it("creates an organization and shows its first API key once", async () => {
    const res = await admin(core, "POST", "/organizations", { name: "Acme Dental" });
    expect(res.status).toBe(201);
    const { organization, api_key } = res.body.data;
    expect(organization).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Acme Dental",
      default_country: "US",
      created_at: expect.stringMatching(ISO),
    });
    expect(api_key).toMatchObject({
      id: expect.any(String),
      name: "default",
      enabled: true,
      last_used_at: null,
    });
    expect(api_key.key).toMatch(/^wk_[A-Za-z0-9_-]{43}$/);
    expect(api_key.prefix).toBe(api_key.key.slice(0, 11));

    const byId = await admin(core, "GET", `/organizations/${organization.id}`);
    expect(byId.status).toBe(200);
    expect(byId.body.data).toEqual(organization);
  });

  it("stores only the key's sha256 and prefix, never the key", async () => {
    const res = await admin(core, "POST", "/organizations", { name: "Hash check" });
    const { api_key } = res.body.data;
    const row = await database.db
      .selectFrom("api_keys")
      .select(["secret_hash", "prefix", sql<string>`to_jsonb(api_keys)::text`.as("whole")])
      .where("id", "=", api_key.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(createHash("sha256").update(api_key.key).digest("hex"));
    expect(row.prefix).toBe(api_key.key.slice(0, 11));
    expect(row.whole).not.toContain(api_key.key);
    expect(row.whole).not.toContain(api_key.key.slice(11));
  });

  it("announces the organization and its key through the outbox, without the secret", async () => {
    const res = await admin(core, "POST", "/organizations", { name: "Evented", default_country: "gb" });
    expect(res.body.data.organization.default_country).toBe("GB");
    const { organization, api_key } = res.body.data;
    const created = await log.waitForEvent(
      "core.organization.created",
      (e) => e.organization_id === organization.id,
    );
    expect(created.data).toEqual(organization);
    const keyEvent = await log.waitForEvent(
      "core.api_key.created",
      (e) => e.organization_id === organization.id,
    );
    expect(keyEvent.data).toMatchObject({ id: api_key.id, prefix: api_key.prefix, enabled: true });
    expect(keyEvent.data).not.toHaveProperty("key");
    expect(JSON.stringify(keyEvent)).not.toContain(api_key.key);
  });

  it("mints a key that authenticates through the RPC", async () => {
    const org = await createOrganization(core);
    const who = await request(log.bus, AuthenticateApiKey, { key: org.key });
    expect(who).toEqual({ organization_id: org.id, api_key_id: org.api_key_id });
  });

  it.each([
    ["a missing name", {}, "name"],
    ["a blank name", { name: "  " }, "name"],
    ["a name of the wrong type", { name: 42 }, "name"],
    ["an unknown country", { name: "x", default_country: "ZZ" }, "default_country"],
    ["an unknown field", { name: "x", plan: "gold" }, "plan"],
  ])("answers 422 naming the field for %s", async (_, body, field) => {
    const res = await admin(core, "POST", "/organizations", body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, code: "validation_failed", error: expect.any(String) });
    expect(fieldsOf(res)).toContain(field);
  });

  it("answers 422 for a body that is not JSON", async () => {
    const res = await admin(core, "POST", "/organizations", "{not json");
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toEqual(["body"]);
  });
});

describe("GET /admin/organizations", () => {
  it("lists organizations, paginated by limit and offset", async () => {
    for (const name of ["Page A", "Page B", "Page C"]) await createOrganization(core, { name });
    const all = await admin(core, "GET", "/organizations?limit=500");
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(all.body.data).toHaveLength(all.body.total);
    const names = all.body.data.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(["Page A", "Page B", "Page C"]));

    const page = await admin(core, "GET", "/organizations?limit=2&offset=1");
    expect(page.body.total).toBe(all.body.total);
    expect(page.body.data).toEqual(all.body.data.slice(1, 3));
  });

  it("answers 422 naming the query parameter for a bad limit", async () => {
    const res = await admin(core, "GET", "/organizations?limit=501");
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toEqual(["query.limit"]);
  });

  it("answers 404 for an unknown or malformed organization id", async () => {
    expect((await admin(core, "GET", `/organizations/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await admin(core, "GET", "/organizations/not-a-uuid")).status).toBe(404);
  });
});

describe("POST /admin/organizations/{id}/api_keys", () => {
  it("mints another key for the organization, shown once", async () => {
    const org = await createOrganization(core);
    const res = await admin(core, "POST", `/organizations/${org.id}/api_keys`, { name: "zapier" });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name: "zapier", enabled: true });
    expect(res.body.data.key).toMatch(/^wk_/);
    expect(res.body.data.key).not.toBe(org.key);
    const who = await request(log.bus, AuthenticateApiKey, { key: res.body.data.key });
    expect(who).toEqual({ organization_id: org.id, api_key_id: res.body.data.id });
  });

  it("accepts an empty body", async () => {
    const org = await createOrganization(core);
    const res = await core.admin(`/admin/organizations/${org.id}/api_keys`, { method: "POST" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { data: { name: string } }).data.name).toBe("default");
  });

  it("answers 404 for an unknown organization and 422 for a bad name", async () => {
    const missing = await admin(core, "POST", `/organizations/${crypto.randomUUID()}/api_keys`, {});
    expect(missing.status).toBe(404);
    const org = await createOrganization(core);
    const bad = await admin(core, "POST", `/organizations/${org.id}/api_keys`, { name: ["x"] });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toEqual(["name"]);
  });
});

describe("admin authentication", () => {
  const id = crypto.randomUUID();
  const routes: Array<[string, string, unknown]> = [
    ["POST", "/admin/organizations", { name: "Intruder" }],
    ["GET", "/admin/organizations", undefined],
    ["GET", `/admin/organizations/${id}`, undefined],
    ["POST", `/admin/organizations/${id}/api_keys`, {}],
  ];
  const bearer = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const internal = { "x-internal-token": TEST_INTERNAL_TOKEN };
  const cases: Array<[string, Record<string, string>]> = [
    ["without the internal token", bearer],
    ["with a wrong internal token", { ...bearer, "x-internal-token": "wrong-token-wrong-token" }],
    ["without the admin token", internal],
    ["with a wrong admin token", { ...internal, authorization: "Bearer test-admin-token-0123456788" }],
    ["with the admin token in another scheme", { ...internal, authorization: `Basic ${TEST_ADMIN_TOKEN}` }],
    ["with the admin token in the internal header only", { "x-internal-token": TEST_ADMIN_TOKEN }],
  ];

  it.each(cases)("answers 401 on every /admin route %s", async (_, headers) => {
    const before = (await admin(core, "GET", "/organizations?limit=1")).body.total;
    for (const [method, path, body] of routes) {
      const res = await fetch(`${core.url}${path}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json()).toMatchObject({ status: 401, code: "unauthorized" });
    }
    expect((await admin(core, "GET", "/organizations?limit=1")).body.total).toBe(before);
  });

  it("answers 401 to the admin token on /v1 without the internal token", async () => {
    const res = await fetch(`${core.url}/v1/users`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "x-organization-id": id },
    });
    expect(res.status).toBe(401);
  });
});
