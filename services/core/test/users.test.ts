import { schemaErrors } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoreHarness, startCore } from "./harness.js";
import {
  createOrganization,
  type EventLog,
  eventLog,
  fieldsOf,
  type TestOrganization,
  v1,
} from "./org-fixtures.js";

let core: CoreHarness;
let log: EventLog;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  core = await startCore();
  log = await eventLog(core);
  org = await createOrganization(core, { name: "Users Inc" });
  other = await createOrganization(core, { name: "Other Inc" });
});
afterAll(async () => {
  await log?.close();
  await core?.stop();
});

describe("/v1/users", () => {
  it("creates, shows, updates, lists and deletes a user", async () => {
    const created = await org.call("POST", "/users", {
      name: "Ada Lovelace",
      email: "ada@example.com",
      role: "admin",
    });
    expect(created.status).toBe(201);
    const user = created.body.data;
    expect(schemaErrors("User", user)).toEqual([]);
    expect(user).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com", role: "admin" });
    expect(Number.isInteger(user.id)).toBe(true);

    const shown = await org.call("GET", `/users/${user.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.data).toEqual(user);

    const updated = await org.call("PUT", `/users/${user.id}`, { role: "agent", name: "Ada King" });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({
      id: user.id,
      name: "Ada King",
      email: "ada@example.com",
      role: "agent",
    });
    expect(schemaErrors("User", updated.body.data)).toEqual([]);

    const list = await org.call("GET", "/users");
    expect(list.status).toBe(200);
    expect(list.body.data).toContainEqual(updated.body.data);
    for (const item of list.body.data) expect(schemaErrors("User", item)).toEqual([]);

    const deleted = await org.call("DELETE", `/users/${user.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ data: { id: user.id, deleted: true } });
    expect((await org.call("GET", `/users/${user.id}`)).status).toBe(404);
    expect((await org.call("DELETE", `/users/${user.id}`)).status).toBe(404);
  });

  it("defaults the role to agent", async () => {
    const res = await org.call("POST", "/users", { name: "Bob", email: "bob@example.com" });
    expect(res.body.data.role).toBe("agent");
  });

  it("paginates with limit and offset and counts the total", async () => {
    const fresh = await createOrganization(core);
    for (const n of [1, 2, 3])
      await fresh.call("POST", "/users", { name: `U${n}`, email: `u${n}@example.com` });
    const page = await fresh.call("GET", "/users?limit=2&offset=1");
    expect(page.body.total).toBe(3);
    expect(page.body.data.map((u: { name: string }) => u.name)).toEqual(["U2", "U3"]);
    const bad = await fresh.call("GET", "/users?offset=-1");
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toEqual(["query.offset"]);
  });

  it("answers 422 naming email for an email already used in the organization", async () => {
    await org.call("POST", "/users", { name: "Cy", email: "cy@example.com" });
    const duplicate = await org.call("POST", "/users", { name: "Cy 2", email: "CY@example.com" });
    expect(duplicate.status).toBe(422);
    expect(fieldsOf(duplicate)).toEqual(["email"]);

    const dee = (await org.call("POST", "/users", { name: "Dee", email: "dee@example.com" })).body.data;
    const taken = await org.call("PUT", `/users/${dee.id}`, { email: "cy@example.com" });
    expect(taken.status).toBe(422);
    expect(fieldsOf(taken)).toEqual(["email"]);
    expect((await org.call("GET", `/users/${dee.id}`)).body.data.email).toBe("dee@example.com");

    const elsewhere = await other.call("POST", "/users", { name: "Cy", email: "cy@example.com" });
    expect(elsewhere.status).toBe(201);
  });

  it.each([
    ["a missing name", { email: "a@example.com" }, "name"],
    ["a name of the wrong type", { name: 7, email: "a@example.com" }, "name"],
    ["a bad email", { name: "A", email: "not-an-email" }, "email"],
    ["an unknown role", { name: "A", email: "a@example.com", role: "owner" }, "role"],
    ["an unknown field", { name: "A", email: "a@example.com", phone: "+15551234567" }, "phone"],
  ])("POST answers 422 naming the field for %s", async (_, body, field) => {
    const res = await org.call("POST", "/users", body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, code: "validation_failed" });
    expect(fieldsOf(res)).toContain(field);
  });

  it("PUT answers 422 naming the field for bad input", async () => {
    const user = (await org.call("POST", "/users", { name: "Eve", email: "eve@example.com" })).body.data;
    for (const [body, field] of [
      [{ email: "nope" }, "email"],
      [{ role: 1 }, "role"],
      [{ id: 5 }, "id"],
    ] as const) {
      const res = await org.call("PUT", `/users/${user.id}`, body);
      expect(res.status, field).toBe(422);
      expect(fieldsOf(res)).toContain(field);
    }
  });

  it("answers 404 for another organization's user on every /{id} route", async () => {
    const theirs = (await other.call("POST", "/users", { name: "Theirs", email: "theirs@example.com" })).body
      .data;
    for (const [method, body] of [
      ["GET", undefined],
      ["PUT", { name: "Mine now" }],
      ["DELETE", undefined],
    ] as const) {
      const res = await org.call(method, `/users/${theirs.id}`, body);
      expect(res.status, method).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: "not_found" });
    }
    expect((await other.call("GET", `/users/${theirs.id}`)).body.data.name).toBe("Theirs");
    const list = await org.call("GET", "/users?limit=500");
    expect(list.body.data.map((u: { id: number }) => u.id)).not.toContain(theirs.id);
  });

  it("answers 404 for malformed ids", async () => {
    for (const id of ["abc", "0", "-1", "1.5", "99999999999", crypto.randomUUID()]) {
      expect((await org.call("GET", `/users/${id}`)).status, id).toBe(404);
    }
  });

  it("announces created, updated and deleted users", async () => {
    const user = (await org.call("POST", "/users", { name: "Fay", email: "fay@example.com" })).body.data;
    await org.call("PUT", `/users/${user.id}`, { name: "Faye" });
    await org.call("DELETE", `/users/${user.id}`);
    const isFay = (e: { data: unknown; organization_id: string }) =>
      (e.data as { id: number }).id === user.id && e.organization_id === org.id;
    expect((await log.waitForEvent("core.user.created", isFay)).data).toEqual(user);
    expect((await log.waitForEvent("core.user.updated", isFay)).data).toMatchObject({ name: "Faye" });
    expect((await log.waitForEvent("core.user.deleted", isFay)).data).toEqual({ id: user.id });
  });

  it("answers 401 without the internal token", async () => {
    const res = await fetch(`${core.url}/v1/users`, { headers: { "x-organization-id": org.id } });
    expect(res.status).toBe(401);
    expect((await v1(core, undefined, "GET", "/users")).status).toBe(401);
  });
});
