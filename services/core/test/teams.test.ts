import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoreHarness, startCore } from "./harness.js";
import {
  createOrganization,
  type EventLog,
  eventLog,
  fieldsOf,
  type TestOrganization,
} from "./org-fixtures.js";

let core: CoreHarness;
let log: EventLog;
let org: TestOrganization;
let other: TestOrganization;
let ada: number;
let bob: number;
let stranger: number;

beforeAll(async () => {
  core = await startCore();
  log = await eventLog(core);
  org = await createOrganization(core, { name: "Teams Inc" });
  other = await createOrganization(core, { name: "Other Inc" });
  ada = (await org.call("POST", "/users", { name: "Ada", email: "ada@example.com" })).body.data.id;
  bob = (await org.call("POST", "/users", { name: "Bob", email: "bob@example.com" })).body.data.id;
  stranger = (await other.call("POST", "/users", { name: "Stranger", email: "s@example.com" })).body.data.id;
});
afterAll(async () => {
  await log?.close();
  await core?.stop();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("/v1/teams", () => {
  it("creates, shows, updates, lists and deletes a team with its members", async () => {
    const created = await org.call("POST", "/teams", { name: "Front desk", user_ids: [bob, ada, bob] });
    expect(created.status).toBe(201);
    const team = created.body.data;
    expect(team).toMatchObject({ id: expect.stringMatching(UUID), name: "Front desk" });
    expect(team.user_ids).toEqual([ada, bob].sort((a, b) => a - b));

    const shown = await org.call("GET", `/teams/${team.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.data).toEqual(team);

    const renamed = await org.call("PUT", `/teams/${team.id}`, { name: "Reception" });
    expect(renamed.body.data).toMatchObject({ name: "Reception", user_ids: team.user_ids });

    const reassigned = await org.call("PUT", `/teams/${team.id}`, { user_ids: [bob] });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.data).toMatchObject({ name: "Reception", user_ids: [bob] });

    const list = await org.call("GET", "/teams");
    expect(list.body).toMatchObject({ total: 1, data: [reassigned.body.data] });

    const deleted = await org.call("DELETE", `/teams/${team.id}`);
    expect(deleted.body).toEqual({ data: { id: team.id, deleted: true } });
    expect((await org.call("GET", `/teams/${team.id}`)).status).toBe(404);
  });

  it("creates a team without members, and paginates", async () => {
    const fresh = await createOrganization(core);
    for (const name of ["T1", "T2", "T3"]) {
      const res = await fresh.call("POST", "/teams", { name });
      expect(res.body.data.user_ids).toEqual([]);
    }
    const page = await fresh.call("GET", "/teams?limit=1&offset=2");
    expect(page.body.total).toBe(3);
    expect(page.body.data.map((t: { name: string }) => t.name)).toEqual(["T3"]);
  });

  it("drops a deleted user from its teams", async () => {
    const carl = (await org.call("POST", "/users", { name: "Carl", email: "carl@example.com" })).body.data.id;
    const team = (await org.call("POST", "/teams", { name: "Night shift", user_ids: [ada, carl] })).body.data;
    await org.call("DELETE", `/users/${carl}`);
    expect((await org.call("GET", `/teams/${team.id}`)).body.data.user_ids).toEqual([ada]);
  });

  it("answers 422 naming user_ids for users of another organization or unknown users", async () => {
    const before = (await org.call("GET", "/teams")).body.total;
    const foreign = await org.call("POST", "/teams", { name: "Spies", user_ids: [ada, stranger] });
    expect(foreign.status).toBe(422);
    expect(fieldsOf(foreign)).toEqual(["user_ids"]);
    expect(foreign.body.error).toContain(String(stranger));
    expect(foreign.body.error).not.toContain(String(ada));
    const unknown = await org.call("POST", "/teams", { name: "Ghosts", user_ids: [2_000_000_000] });
    expect(fieldsOf(unknown)).toEqual(["user_ids"]);
    expect((await org.call("GET", "/teams")).body.total).toBe(before);

    const team = (await org.call("POST", "/teams", { name: "Keepers", user_ids: [ada] })).body.data;
    const update = await org.call("PUT", `/teams/${team.id}`, { user_ids: [stranger] });
    expect(update.status).toBe(422);
    expect(fieldsOf(update)).toEqual(["user_ids"]);
    expect((await org.call("GET", `/teams/${team.id}`)).body.data.user_ids).toEqual([ada]);
  });

  it.each([
    ["a missing name", { user_ids: [] }, "name"],
    ["user_ids that are not a list", { name: "X", user_ids: "1,2" }, "user_ids"],
    ["a user id that is not an integer", { name: "X", user_ids: ["abc"] }, "user_ids.0"],
    ["an unknown field", { name: "X", lead: 1 }, "lead"],
  ])("POST answers 422 naming the field for %s", async (_, body, field) => {
    const res = await org.call("POST", "/teams", body);
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toContain(field);
  });

  it("answers 404 for another organization's team on every /{id} route, and for malformed ids", async () => {
    const theirs = (await other.call("POST", "/teams", { name: "Theirs", user_ids: [stranger] })).body.data;
    for (const [method, body] of [
      ["GET", undefined],
      ["PUT", { name: "Mine" }],
      ["DELETE", undefined],
    ] as const) {
      expect((await org.call(method, `/teams/${theirs.id}`, body)).status, method).toBe(404);
      expect((await org.call(method, "/teams/42", body)).status, `${method} malformed`).toBe(404);
    }
    expect((await other.call("GET", `/teams/${theirs.id}`)).body.data).toMatchObject({
      name: "Theirs",
      user_ids: [stranger],
    });
  });

  it("announces created, updated and deleted teams", async () => {
    const team = (await org.call("POST", "/teams", { name: "Evented", user_ids: [ada] })).body.data;
    await org.call("PUT", `/teams/${team.id}`, { user_ids: [ada, bob] });
    await org.call("DELETE", `/teams/${team.id}`);
    const isTeam = (e: { data: unknown }) => (e.data as { id: string }).id === team.id;
    expect((await log.waitForEvent("core.team.created", isTeam)).data).toEqual(team);
    expect((await log.waitForEvent("core.team.updated", isTeam)).data).toMatchObject({
      user_ids: [ada, bob],
    });
    expect((await log.waitForEvent("core.team.deleted", isTeam)).data).toEqual({ id: team.id });
  });

  it("answers 401 without the internal token", async () => {
    const res = await fetch(`${core.url}/v1/teams`, { headers: { "x-organization-id": org.id } });
    expect(res.status).toBe(401);
  });
});
