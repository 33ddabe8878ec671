import type { UpsertContactsResult } from "@relay/domain";
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

type List = { data: unknown[]; total: number };

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

async function newOrg() {
  return contactsApi(core, await fx.createOrganization());
}

/** Expects a contract-shaped 422 naming exactly `field`. */
function expect422(res: { status: number; body: unknown }, field: string) {
  expect(res.status).toBe(422);
  expect(contractErrors("POST", "/contacts", 422, res.body)).toEqual([]);
  const error = res.body as ApiError;
  expect(error).toMatchObject({ status: 422, code: "validation_failed" });
  expect(fieldsOf(error)).toEqual([field]);
  return error;
}

const nested = (depth: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { level: value };
  return value;
};

describe("contacts: text PostgreSQL cannot store", () => {
  it("a NUL in the name → 422 naming name; nothing stored", async () => {
    const api = await newOrg();
    const error = expect422(
      await api("POST", "", '{"phone":"+14155550150","name":"Jane\\u0000Doe"}'),
      "name",
    );
    expect(error.details?.[0]?.message).toBe("must not contain NUL characters");
    expect((await api<List>("GET", "")).body.total).toBe(0);
  });

  it("a NUL in a search filter or a query parameter → 422 naming it", async () => {
    const api = await newOrg();
    expect422(await api("POST", "/search", '{"name":"a\\u0000"}'), "name");
    expect422(await api("GET", "?limit=1%00"), "query.limit");
    expect422(await api("GET", "?limit=1e400"), "query.limit");
    expect422(await api("GET", "?offset=2147483648"), "query.offset");
  });
});

describe("contacts: properties are bounded in size, depth and keys", () => {
  it("more than 64 KiB → 422 naming properties", async () => {
    const api = await newOrg();
    const error = expect422(
      await api("POST", "", { phone: "+14155550151", properties: { notes: "x".repeat(70_000) } }),
      "properties",
    );
    expect(error.details?.[0]?.message).toBe("must be at most 64 KiB as JSON");
  });

  it("nested deeper than 5 levels → 422 naming properties; 5 levels are fine", async () => {
    const api = await newOrg();
    expect422(await api("POST", "", { phone: "+14155550152", properties: nested(6) }), "properties");
    const ok = await api("POST", "", { phone: "+14155550152", properties: nested(5) });
    expect(ok.status).toBe(201);
  });

  it("nested 10,000 levels → 422, not a stack overflow", async () => {
    const api = await newOrg();
    const body = `{"phone":"+14155550153","properties":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`;
    const res = await api<ApiError>("POST", "", body);
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)[0]).toMatch(/^properties\./);
  });

  it("more than 1,000 keys → 422 naming properties", async () => {
    const api = await newOrg();
    const properties = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i]));
    expect422(await api("POST", "", { phone: "+14155550154", properties }), "properties");
  });

  it("updates that would merge past the limit → 422 naming properties; the contact keeps its properties", async () => {
    const api = await newOrg();
    const half = (prefix: string) => ({ [`${prefix}`]: "x".repeat(40_000) });
    const created = await api<{ data: { id: string } }>("POST", "", {
      phone: "+14155550155",
      properties: half("a"),
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const error = expect422(await api("PUT", `/${id}`, { properties: half("b") }), "properties");
    expect(error.details?.[0]?.message).toMatch(/64 KiB as JSON once merged/);
    const shown = await api<{ data: { properties: Record<string, string> } }>("GET", `/${id}`);
    expect(Object.keys(shown.body.data.properties)).toEqual(["a"]);
  });

  it("an upsert row past the limit is invalid, naming contacts.<i>.properties; the others are written", async () => {
    const api = await newOrg();
    const res = await api<{ data: UpsertContactsResult }>("PUT", "/upsert", {
      contacts: [{ phone: "+14155550156" }, { phone: "+14155550157", properties: nested(6) }],
    });
    expect(res.status).toBe(202);
    expect(res.body.data.results.map((r) => r.status)).toEqual(["created", "invalid"]);
    expect(res.body.data.results[1]?.details?.map((d) => d.field)).toEqual(["contacts.1.properties"]);
  });
});
