import { AuthenticateApiKey } from "@relay/domain";
import { createDatabase, type Database, request } from "@relay/service-kit";
import { testDatabaseUrl } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoreDB } from "../src/db/schema.js";
import { type CoreHarness, startCore } from "./harness.js";
import {
  createOrganization,
  type EventLog,
  eventLog,
  fieldsOf,
  seenBodies,
  type TestOrganization,
  v1,
} from "./org-fixtures.js";

let core: CoreHarness;
let log: EventLog;
let database: Database<CoreDB>;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  core = await startCore();
  log = await eventLog(core);
  database = createDatabase<CoreDB>({ url: testDatabaseUrl(), schema: core.schema, maxConnections: 2 });
  org = await createOrganization(core, { name: "Keys Inc" });
  other = await createOrganization(core, { name: "Other Inc" });
});
afterAll(async () => {
  await log?.close();
  await database?.close();
  await core?.stop();
});

const authenticate = (key: string) => request(log.bus, AuthenticateApiKey, { key });
const lastUsed = async (id: string) =>
  (
    await database.db
      .selectFrom("api_keys")
      .select("last_used_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).last_used_at;

describe("/v1/api_keys", () => {
  it("creates a key shown once, then lists keys without their secrets", async () => {
    const created = await org.call("POST", "/api_keys", { name: "reporting" });
    expect(created.status).toBe(201);
    const key: string = created.body.data.key;
    expect(key).toMatch(/^wk_[A-Za-z0-9_-]{43}$/);
    expect(created.body.data).toMatchObject({ name: "reporting", enabled: true, prefix: key.slice(0, 11) });

    const list = await org.call("GET", "/api_keys");
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.data.map((k: { name: string }) => k.name)).toEqual(["default", "reporting"]);
    for (const item of list.body.data) {
      expect(Object.keys(item).sort()).toEqual(
        ["created_at", "enabled", "id", "last_used_at", "name", "prefix", "updated_at"].sort(),
      );
    }
    expect(list.text).not.toContain(key);
    expect(list.text).not.toContain(org.key);

    const page = await org.call("GET", "/api_keys?limit=1&offset=1");
    expect(page.body).toMatchObject({ total: 2, data: [{ name: "reporting" }] });
  });

  it("lists only the organization's own keys", async () => {
    const list = await other.call("GET", "/api_keys");
    expect(list.body.total).toBe(1);
    expect(list.body.data[0].id).toBe(other.api_key_id);
  });

  it("follows a key through its lifecycle: works, disabled, re-enabled, deleted", async () => {
    const created = await org.call("POST", "/api_keys", { name: "lifecycle" });
    const { id, key } = created.body.data;
    expect(await authenticate(key)).toEqual({ organization_id: org.id, api_key_id: id });

    const disabled = await org.call("PUT", `/api_keys/${id}`, { enabled: false });
    expect(disabled.status).toBe(200);
    expect(disabled.body.data).toMatchObject({ id, enabled: false, name: "lifecycle" });
    expect(disabled.body.data).not.toHaveProperty("key");
    await expect(authenticate(key)).rejects.toMatchObject({ code: "unauthorized" });

    const enabled = await org.call("PUT", `/api_keys/${id}`, { enabled: true, name: "renamed" });
    expect(enabled.body.data).toMatchObject({ enabled: true, name: "renamed" });
    expect(await authenticate(key)).toEqual({ organization_id: org.id, api_key_id: id });

    const deleted = await org.call("DELETE", `/api_keys/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ data: { id, deleted: true } });
    await expect(authenticate(key)).rejects.toMatchObject({ code: "unauthorized" });
    expect((await org.call("DELETE", `/api_keys/${id}`)).status).toBe(404);
  });

  it("refuses unknown keys", async () => {
    await expect(authenticate(`wk_${"A".repeat(43)}`)).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authenticate(org.key.slice(0, 11))).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("records last use at most once a minute per key", async () => {
    const { id, key } = (await org.call("POST", "/api_keys", { name: "busy" })).body.data;
    expect(await lastUsed(id)).toBeNull();
    await authenticate(key);
    const first = await lastUsed(id);
    expect(first).toBeInstanceOf(Date);
    await authenticate(key);
    expect(await lastUsed(id)).toEqual(first);

    const longAgo = new Date(Date.now() - 2 * 60_000);
    await database.db.updateTable("api_keys").set({ last_used_at: longAgo }).where("id", "=", id).execute();
    await authenticate(key);
    const refreshed = await lastUsed(id);
    expect(refreshed?.getTime()).toBeGreaterThan(longAgo.getTime() + 60_000);

    const listed = (await org.call("GET", "/api_keys")).body.data.find((k: { id: string }) => k.id === id);
    expect(listed.last_used_at).toBe(refreshed?.toISOString());
  });

  it("announces created, updated and deleted keys without their secrets", async () => {
    const { id, key } = (await org.call("POST", "/api_keys", { name: "evented" })).body.data;
    await org.call("PUT", `/api_keys/${id}`, { enabled: false });
    await org.call("DELETE", `/api_keys/${id}`);
    const created = await log.waitForEvent(
      "core.api_key.created",
      (e) => (e.data as { id: string }).id === id,
    );
    expect(created.organization_id).toBe(org.id);
    const updated = await log.waitForEvent(
      "core.api_key.updated",
      (e) => (e.data as { id: string }).id === id,
    );
    expect(updated.data).toMatchObject({ enabled: false });
    const deleted = await log.waitForEvent(
      "core.api_key.deleted",
      (e) => (e.data as { id: string }).id === id,
    );
    expect(deleted.data).toEqual({ id });
    for (const event of [created, updated, deleted]) expect(JSON.stringify(event)).not.toContain(key);
  });

  it("answers 404 for another organization's key, and leaves it working", async () => {
    for (const [method, body] of [
      ["PUT", { enabled: false }],
      ["DELETE", undefined],
    ] as const) {
      const res = await other.call(method, `/api_keys/${org.api_key_id}`, body);
      expect(res.status, method).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: "not_found" });
    }
    expect(await authenticate(org.key)).toEqual({ organization_id: org.id, api_key_id: org.api_key_id });
  });

  it("answers 404 for malformed ids", async () => {
    expect((await org.call("PUT", "/api_keys/123", { enabled: false })).status).toBe(404);
    expect((await org.call("DELETE", "/api_keys/not-a-key")).status).toBe(404);
  });

  it.each([
    ["POST", "a missing name", {}, "name"],
    ["POST", "an unknown field", { name: "x", scopes: ["all"] }, "scopes"],
    ["PUT", "enabled of the wrong type", { enabled: "no" }, "enabled"],
    ["PUT", "a blank name", { name: "" }, "name"],
    ["PUT", "an unknown field", { key: "wk_mine" }, "key"],
  ])("%s answers 422 naming the field for %s", async (method, _, body, field) => {
    const path = method === "POST" ? "/api_keys" : `/api_keys/${org.api_key_id}`;
    const res = await org.call(method, path, body);
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toContain(field);
  });

  it("answers 401 without the internal token", async () => {
    const res = await fetch(`${core.url}/v1/api_keys`, { headers: { "x-organization-id": org.id } });
    expect(res.status).toBe(401);
    const noOrg = await v1(core, undefined, "GET", "/api_keys");
    expect(noOrg.status).toBe(401);
  });

  it("never showed an existing key after its creation", () => {
    const later = seenBodies.filter((body) => !body.includes('"key":"wk_'));
    expect(later.length).toBeGreaterThan(10);
    for (const body of later) expect(body).not.toContain(org.key);
  });
});
