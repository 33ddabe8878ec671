import type { Contact } from "@relay/domain";
import { contractErrors } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiError,
  type ContactFixtures,
  contactFixtures,
  contactsApi,
  fieldsOf,
} from "./contacts-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";

type One = { data: Contact };
type List = { data: Contact[]; total: number };

let core: CoreHarness;
let fx: ContactFixtures;
beforeAll(async () => {
  core = await startCore();
  fx = await contactFixtures(core);
});
afterAll(async () => {
  await fx?.close();
  await core?.stop();
});

async function newOrg(defaultCountry = "US") {
  const organizationId = await fx.createOrganization(defaultCountry);
  return { organizationId, api: contactsApi(core, organizationId) };
}

/** Expects a contract-shaped 422 naming exactly these fields. */
function expect422(res: { status: number; body: unknown }, fields: string[]) {
  expect(res.status).toBe(422);
  expect(contractErrors("POST", "/contacts", 422, res.body)).toEqual([]);
  const error = res.body as ApiError;
  expect(error).toMatchObject({ status: 422, code: "validation_failed" });
  expect(fieldsOf(error).sort()).toEqual([...fields].sort());
  return error;
}

describe("contacts: invalid input on create", () => {
  const cases: Array<[string, unknown, string[]]> = [
    ["a number as phone", { phone: 4155550150 }, ["phone"]],
    ["a number as name", { phone: "+14155550150", name: 5 }, ["name"]],
    ["a string as birth day", { phone: "+14155550150", birth_date: { day: "1" } }, ["birth_date.day"]],
    ["February 30th", { phone: "+14155550150", birth_date: { day: 30, month: 2 } }, ["birth_date.day"]],
    ["a number as city", { phone: "+14155550150", address: { city: 1 } }, ["address.city"]],
    ["an unknown address field", { phone: "+14155550150", address: { street: "x" } }, ["address.street"]],
    ["an array as properties", { phone: "+14155550150", properties: [1] }, ["properties"]],
    ["a malformed channel id", { phone: "+14155550150", default_channel_id: "x" }, ["default_channel_id"]],
    ["an unknown field", { phone: "+14155550150", nickname: "J" }, ["nickname"]],
    ["a bad phone", { phone: "12" }, ["phone"]],
    ["letters as phone", { phone: "call me" }, ["phone"]],
    ["an empty phone", { phone: "" }, ["phone"]],
    ["a bad email", { email: "not-an-email" }, ["email"]],
    ["neither phone nor email", { name: "Nobody" }, ["phone"]],
    ["nulls for both phone and email", { phone: null, email: null }, ["phone"]],
    ["a bad opt-in", { phone: "+14155550150", opt_in_to: [{}] }, ["opt_in_to.0.id"]],
    ["state on create", { phone: "+14155550150", state: "open" }, ["state"]],
  ];
  for (const [what, body, fields] of cases) {
    it(`${what} → 422 naming ${fields.join(", ")}`, async () => {
      const { api } = await newOrg();
      expect422(await api("POST", "", body), fields);
      expect((await api<List>("GET", "")).body.total).toBe(0);
    });
  }

  it("says why a phone is rejected", async () => {
    const { api } = await newOrg();
    const error = expect422(await api("POST", "", { phone: "+1 415 555" }), ["phone"]);
    expect(error.error).toMatch(/^phone: must be a valid phone number/);
  });

  it("a body that is not JSON → 422 naming the body", async () => {
    const { api } = await newOrg();
    expect422(await api("POST", "", "{not json"), ["body"]);
  });

  it("refers only to the organization's own channels", async () => {
    const { api } = await newOrg();
    const other = await newOrg();
    const foreign = await fx.createChannel(other.organizationId, "+14155550151");
    expect422(await api("POST", "", { phone: "+14155550150", default_channel_id: foreign }), [
      "default_channel_id",
    ]);
    expect422(await api("POST", "", { phone: "+14155550150", opt_in_to: [{ id: foreign }] }), [
      "opt_in_to.0.id",
    ]);
    expect422(await api("POST", "", { phone: "+14155550150", opt_in_to: [{ phone: "+14155550151" }] }), [
      "opt_in_to.0.phone",
    ]);
  });
});

describe("contacts: phone numbers", () => {
  it("normalizes national formats to E.164 in the organization's country", async () => {
    const us = await newOrg("US");
    const created = await us.api<One>("POST", "", { phone: "(415) 555-2671" });
    expect(created.status).toBe(201);
    expect(created.body.data.phone).toBe("+14155552671");

    const gb = await newOrg("GB");
    const british = await gb.api<One>("POST", "", { phone: "020 7946 0958" });
    expect(british.status).toBe(201);
    expect(british.body.data.phone).toBe("+442079460958");
    const american = await gb.api<One>("POST", "", { phone: "+1 415-555-2671" });
    expect(american.body.data.phone).toBe("+14155552671");
  });

  it("normalizes on update and in search", async () => {
    const { api } = await newOrg();
    const { id } = (await api<One>("POST", "", { email: "p@example.com" })).body.data;
    const updated = await api<One>("PUT", `/${id}`, { phone: "415.555.2673" });
    expect(updated.body.data.phone).toBe("+14155552673");
    expect422(await api("PUT", `/${id}`, { phone: "555" }), ["phone"]);
    const found = await api<List>("POST", "/search", { phone: "1 (415) 555 2673" });
    expect(found.body.data.map((c) => c.id)).toEqual([id]);
    expect422(await api("POST", "/search", { phone: "abc" }), ["phone"]);
  });
});

describe("contacts: duplicates", () => {
  it("refuses a second contact with the same phone, email or external_id, naming the holder", async () => {
    const { api } = await newOrg();
    const first = (
      await api<One>("POST", "", { phone: "+14155550152", email: "Dup@Example.com", external_id: "ext-1" })
    ).body.data;
    for (const [body, field] of [
      [{ phone: "(415) 555-0152" }, "phone"],
      [{ email: "dup@example.COM" }, "email"],
      [{ email: "other@example.com", external_id: "ext-1" }, "external_id"],
    ] as const) {
      const error = expect422(await api("POST", "", body), [field]);
      expect(error.error).toContain(first.id);
      expect(error.details?.[0]?.message).toContain(first.id);
    }
    expect((await api<List>("GET", "")).body.total).toBe(1);
  });

  it("refuses an update to another contact's phone or email", async () => {
    const { api } = await newOrg();
    const a = (await api<One>("POST", "", { phone: "+14155550153", email: "a@example.com" })).body.data;
    const b = (await api<One>("POST", "", { phone: "+14155550154" })).body.data;
    expect(expect422(await api("PUT", `/${b.id}`, { phone: "+14155550153" }), ["phone"]).error).toContain(
      a.id,
    );
    expect(expect422(await api("PUT", `/${b.id}`, { email: "A@example.com" }), ["email"]).error).toContain(
      a.id,
    );
    // A contact keeps its own identifiers without tripping over itself.
    expect((await api("PUT", `/${a.id}`, { phone: "+14155550153", email: "A@EXAMPLE.com" })).status).toBe(
      200,
    );
  });

  it("turns a race between two creates into one 201 and 422s, never a 500", async () => {
    const { api } = await newOrg();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => api<One | ApiError>("POST", "", { phone: "+14155550155" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422, 422, 422, 422]);
    for (const r of results.filter((r) => r.status === 422))
      expect(fieldsOf(r.body as ApiError)).toEqual(["phone"]);
    expect((await api<List>("GET", "")).body.total).toBe(1);
  });
});

describe("contacts: invalid input elsewhere", () => {
  it("on update", async () => {
    const { api } = await newOrg();
    const { id } = (await api<One>("POST", "", { phone: "+14155550156", email: "u@example.com" })).body.data;
    expect422(await api("PUT", `/${id}`, { colour: "red" }), ["colour"]);
    expect422(await api("PUT", `/${id}`, { email: "nope" }), ["email"]);
    expect422(await api("PUT", `/${id}`, { tags: "vip" }), ["tags"]);
    expect422(await api("PUT", `/${id}`, { state: "deleted" }), ["state"]);
    expect422(await api("PUT", `/${id}`, { state: "open", blocked: true }), ["blocked"]);
    expect422(await api("PUT", `/${id}`, { phone: null, email: null }), ["phone"]);
    const unchanged = await api<One>("GET", `/${id}`);
    expect(unchanged.body.data).toMatchObject({
      phone: "+14155550156",
      email: "u@example.com",
      state: "open",
    });
  });

  it("on list and search", async () => {
    const { api } = await newOrg();
    expect422(await api("GET", "?limit=501"), ["query.limit"]);
    expect422(await api("GET", "?limit=abc"), ["query.limit"]);
    expect422(await api("GET", "?offset=-1"), ["query.offset"]);
    expect422(await api("POST", "/search", { limit: 0 }), ["limit"]);
    expect422(await api("POST", "/search", { limit: "10" }), ["limit"]);
    expect422(await api("POST", "/search", { city: "Austin" }), ["city"]);
    expect422(await api("POST", "/search", { email: 5 }), ["email"]);
  });
});
