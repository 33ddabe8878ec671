import type { Contact, UpsertContactsResult } from "@relay/domain";
import { contractErrors, TEST_INTERNAL_TOKEN } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiError, type ContactFixtures, contactFixtures, contactsApi } from "./contacts-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";

type One = { data: Contact };
type List = { data: Contact[]; total: number };

let core: CoreHarness;
let fx: ContactFixtures;
let alice: Contact;
let orgA: string;
let orgB: string;
beforeAll(async () => {
  core = await startCore();
  fx = await contactFixtures(core);
  orgA = await fx.createOrganization();
  orgB = await fx.createOrganization();
  const created = await contactsApi(core, orgA)<One>("POST", "", {
    phone: "+14155550140",
    email: "alice@example.com",
    name: "Alice",
    external_id: "alice-1",
  });
  expect(created.status).toBe(201);
  alice = created.body.data;
});
afterAll(async () => {
  await fx?.close();
  await core?.stop();
});

const ID = "00000000-0000-4000-8000-000000000000";
const routes: Array<[method: string, path: string, contractPath: string, body?: unknown]> = [
  ["GET", "/v1/contacts", "/contacts"],
  ["POST", "/v1/contacts", "/contacts", { phone: "+14155550141" }],
  ["GET", `/v1/contacts/${ID}`, "/contacts/{id}"],
  ["PUT", `/v1/contacts/${ID}`, "/contacts/{id}", { name: "x" }],
  ["DELETE", `/v1/contacts/${ID}`, "/contacts/{id}"],
  ["POST", "/v1/contacts/search", "/contacts/search", {}],
  ["PUT", "/v1/contacts/upsert", "/contacts/upsert", { contacts: [{ phone: "+14155550141" }] }],
];

describe("contacts: authentication", () => {
  const cases = [
    ["no internal token", { "x-organization-id": ID }],
    ["a wrong internal token", { "x-internal-token": "wrong-token-0123456789", "x-organization-id": ID }],
    ["no organization", { "x-internal-token": TEST_INTERNAL_TOKEN }],
    ["a malformed organization", { "x-internal-token": TEST_INTERNAL_TOKEN, "x-organization-id": "nope" }],
  ] as const;
  for (const [method, path, contractPath, body] of routes) {
    for (const [what, headers] of cases) {
      it(`${method} ${path} with ${what} → 401`, async () => {
        const res = await fetch(`${core.url}${path}`, {
          method,
          headers: { "content-type": "application/json", ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        expect(res.status).toBe(401);
        const error = (await res.json()) as ApiError;
        expect(error).toMatchObject({ status: 401, code: "unauthorized" });
        expect(contractErrors(method, contractPath, 401, error)).toEqual([]);
      });
    }
  }

  it("created nothing through the refused calls", async () => {
    const list = await contactsApi(core, orgA)<List>("GET", "");
    expect(list.body.data.map((c) => c.id)).toEqual([alice.id]);
  });
});

describe("contacts: another organization's contacts", () => {
  it("are not found by GET, PUT or DELETE, and stay as they were", async () => {
    const api = contactsApi(core, orgB);
    for (const [method, body] of [["GET"], ["PUT", { name: "Mallory" }], ["DELETE"]] as const) {
      const res = await api<ApiError>(method, `/${alice.id}`, body);
      expect(res.status, method).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: "not_found" });
      expect(res.body.error).not.toContain("Alice");
    }
    const still = await contactsApi(core, orgA)<One>("GET", `/${alice.id}`);
    expect(still.body.data).toEqual(alice);
  });

  it("are neither listed nor found by search", async () => {
    const api = contactsApi(core, orgB);
    expect((await api<List>("GET", "")).body).toEqual({ data: [], total: 0 });
    for (const search of [
      { phone: "+14155550140" },
      { email: "alice@example.com" },
      { name: "alice" },
      { external_id: "alice-1" },
      {},
    ]) {
      expect((await api<List>("POST", "/search", search)).body, JSON.stringify(search)).toEqual({
        data: [],
        total: 0,
      });
    }
  });

  it("do not block the same phone, email or external_id, and are never updated by upsert", async () => {
    const api = contactsApi(core, orgB);
    const own = await api<One>("POST", "", {
      phone: "+14155550140",
      email: "ALICE@example.com",
      external_id: "alice-1",
    });
    expect(own.status).toBe(201);
    expect(own.body.data.id).not.toBe(alice.id);

    const upsert = await api<{ data: UpsertContactsResult }>("PUT", "/upsert", {
      contacts: [{ external_id: "alice-1", phone: "+14155550140", name: "B's own" }],
    });
    expect(upsert.body.data.results).toEqual([{ index: 0, status: "updated", id: own.body.data.id }]);
    expect((await contactsApi(core, orgA)<One>("GET", `/${alice.id}`)).body.data).toEqual(alice);
  });

  it("answers a malformed id with 404", async () => {
    const res = await contactsApi(core, orgA)<ApiError>("GET", "/not-a-uuid");
    expect(res.status).toBe(404);
  });
});
