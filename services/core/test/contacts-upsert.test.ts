import type { Contact, UpsertContactsResult } from "@relay/domain";
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
type Upserted = { data: UpsertContactsResult };

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
  const organizationId = await fx.createOrganization();
  const api = contactsApi(core, organizationId);
  const upsert = async (contacts: unknown[]) => {
    const res = await api<Upserted>("PUT", "/upsert", { contacts });
    expect(res.status).toBe(202);
    expect(contractErrors("PUT", "/contacts/upsert", 202, res.body)).toEqual([]);
    return res.body.data;
  };
  const create = async (body: object) => (await api<One>("POST", "", body)).body.data;
  const get = async (id: string) => (await api<One>("GET", `/${id}`)).body.data;
  return { organizationId, api, upsert, create, get };
}

describe("contacts: upsert outcomes", () => {
  it("creates, updates, leaves unchanged, and reports conflicts and invalid rows, each on its own", async () => {
    const { upsert, create, get } = await newOrg();
    const kim = await create({ phone: "+14155550160", name: "Kim", external_id: "k-1" });
    const lee = await create({ email: "lee@example.com", name: "Lee" });
    const alice = await create({ phone: "+14155550161", name: "Alice", external_id: "alice" });
    const bob = await create({ phone: "+14155550162", name: "Bob" });

    const result = await upsert([
      { phone: "+14155550163", name: "New" },
      { external_id: "k-1", name: "Kim Park" },
      { email: "LEE@example.com", name: "Lee" },
      { external_id: "alice", phone: "(415) 555-0162", name: "Merged?" },
      { phone: "not a phone" },
    ]);
    const [created, updated, unchanged, conflict, invalid] = result.results;
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 1, conflicts: 1, invalid: 1 });
    expect(result.message).toContain("5 contacts processed");
    expect(created).toEqual({ index: 0, status: "created", id: expect.any(String) });
    expect(updated).toEqual({ index: 1, status: "updated", id: kim.id });
    expect(unchanged).toEqual({ index: 2, status: "unchanged", id: lee.id });
    expect(conflict).toMatchObject({ index: 3, status: "conflict" });
    expect(conflict?.details).toEqual(
      expect.arrayContaining([
        { field: "contacts.3.external_id", message: `belongs to contact ${alice.id}` },
        { field: "contacts.3.phone", message: `belongs to contact ${bob.id}` },
      ]),
    );
    expect(conflict).not.toHaveProperty("id");
    expect(invalid).toMatchObject({ index: 4, status: "invalid", details: [{ field: "contacts.4.phone" }] });

    expect(await get(created?.id ?? "")).toMatchObject({ phone: "+14155550163", name: "New" });
    expect(await get(kim.id)).toMatchObject({ phone: "+14155550160", name: "Kim Park", external_id: "k-1" });
    expect(await get(lee.id)).toEqual(lee);
    // Nothing of a conflicting row is written: neither person is touched.
    expect(await get(alice.id)).toEqual(alice);
    expect(await get(bob.id)).toEqual(bob);
  });

  it("matches by external_id, then phone, then email, and links an external_id to a contact without one", async () => {
    const { upsert, create, get } = await newOrg();
    const byPhone = await create({ phone: "+14155550164" });
    const byEmail = await create({ email: "e@example.com" });
    const byExternal = await create({ phone: "+14155550165", external_id: "x-9" });
    const result = await upsert([
      { phone: "415-555-0164", external_id: "x-1" },
      { email: "E@EXAMPLE.COM", name: "Emma" },
      { external_id: "x-9", phone: "+14155550166" },
    ]);
    expect(result.results.map((r) => [r.status, r.id])).toEqual([
      ["updated", byPhone.id],
      ["updated", byEmail.id],
      ["updated", byExternal.id],
    ]);
    expect(await get(byPhone.id)).toMatchObject({ external_id: "x-1" });
    // Emails differing only in case are the same address: the stored spelling stays.
    expect(await get(byEmail.id)).toMatchObject({ email: "e@example.com", name: "Emma" });
    expect(await get(byExternal.id)).toMatchObject({ phone: "+14155550166" });
  });

  it("calls it a conflict when the contact found by phone has another external_id", async () => {
    const { api, upsert, create, get } = await newOrg();
    const carol = await create({ phone: "+14155550167", external_id: "c-1" });
    const result = await upsert([{ phone: "+14155550167", external_id: "c-2", name: "Not Carol" }]);
    expect(result.results).toEqual([
      {
        index: 0,
        status: "conflict",
        error: expect.stringContaining(carol.id),
        details: [
          { field: "contacts.0.phone", message: `belongs to contact ${carol.id}` },
          { field: "contacts.0.external_id", message: `differs from that contact's external_id "c-1"` },
        ],
      },
    ]);
    expect(await get(carol.id)).toEqual(carol);
    expect((await api<List>("POST", "/search", { external_id: "c-2" })).body.total).toBe(0);
  });

  it("names the field of every invalid row and still writes the valid ones", async () => {
    const { api, upsert } = await newOrg();
    const result = await upsert([
      { phone: "+14155550168" },
      { phone: 12 },
      { phone: "+14155550169", nickname: "x" },
      { name: "no identifier" },
      "not an object",
      { external_id: "unknown-ext", name: "nothing to reach them by" },
      { email: "bad" },
      { email: "ok@example.com", default_channel_id: crypto.randomUUID() },
    ]);
    expect(result.results.map((r) => [r.index, r.status, r.details?.map((d) => d.field)])).toEqual([
      [0, "created", undefined],
      [1, "invalid", ["contacts.1.phone"]],
      [2, "invalid", ["contacts.2.nickname"]],
      [3, "invalid", ["contacts.3.phone"]],
      [4, "invalid", ["contacts.4"]],
      [5, "invalid", ["contacts.5.phone"]],
      [6, "invalid", ["contacts.6.email"]],
      [7, "invalid", ["contacts.7.default_channel_id"]],
    ]);
    expect(result).toMatchObject({ created: 1, invalid: 7 });
    const list = await api<List>("GET", "");
    expect(list.body.data.map((c) => c.phone)).toEqual(["+14155550168"]);
  });

  it("lets a later row update the contact an earlier row of the same request created", async () => {
    const { api, upsert, get } = await newOrg();
    const result = await upsert([
      { phone: "+14155550170", name: "First" },
      { phone: "(415) 555-0170", name: "Second", email: "same@example.com" },
      { email: "SAME@example.com", external_id: "s-1" },
      { external_id: "s-1", name: "Second" },
    ]);
    const id = result.results[0]?.id;
    expect(result.results.map((r) => [r.status, r.id])).toEqual([
      ["created", id],
      ["updated", id],
      ["updated", id],
      ["unchanged", id],
    ]);
    expect((await api<List>("GET", "")).body.total).toBe(1);
    expect(await get(id ?? "")).toMatchObject({
      phone: "+14155550170",
      name: "Second",
      email: "same@example.com",
      external_id: "s-1",
    });
  });

  it("clears fields set to null and keeps those left out", async () => {
    const { upsert, create, get } = await newOrg();
    const dana = await create({
      phone: "+14155550171",
      email: "dana@example.com",
      name: "Dana",
      language: "en",
    });
    const result = await upsert([{ phone: "+14155550171", email: null, language: "es" }]);
    expect(result.results[0]).toEqual({ index: 0, status: "updated", id: dana.id });
    const after = await get(dana.id);
    expect(after).not.toHaveProperty("email");
    expect(after).toMatchObject({ name: "Dana", language: "es" });
  });
});

describe("contacts: concurrent upserts", () => {
  it("never duplicate a contact nor fail, even when they lock the same rows in opposite orders", async () => {
    const { api } = await newOrg();
    const phones = Array.from({ length: 20 }, (_, i) => `+1415555${String(200 + i).padStart(4, "0")}`);
    const forward = phones.map((phone) => ({ phone, name: "Forward" }));
    const backward = [...phones].reverse().map((phone) => ({ phone, name: "Backward" }));
    const [a, b] = await Promise.all([
      api<Upserted>("PUT", "/upsert", { contacts: forward }),
      api<Upserted>("PUT", "/upsert", { contacts: backward }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const outcomes = [...(a.body.data.results ?? []), ...(b.body.data.results ?? [])];
    expect(outcomes.filter((r) => r.status === "created")).toHaveLength(20);
    expect(outcomes.filter((r) => r.status === "conflict" || r.status === "invalid")).toEqual([]);
    const list = await api<List>("GET", "?limit=100");
    expect(list.body.total).toBe(20);
    expect(new Set(list.body.data.map((c) => c.phone))).toEqual(new Set(phones));
  });
});

describe("contacts: upsert size and shape", () => {
  it("accepts 1000 rows", async () => {
    const { api, upsert } = await newOrg();
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      email: `bulk${i}@example.com`,
      name: `Bulk ${i}`,
    }));
    const result = await upsert(rows);
    expect(result).toMatchObject({ created: 1000, invalid: 0, conflicts: 0 });
    const list = await api<List>("GET", "?limit=3");
    expect(list.body.total).toBe(1000);
    // Rows inserted by one request keep their order.
    expect(list.body.data.map((c) => c.email)).toEqual([
      "bulk0@example.com",
      "bulk1@example.com",
      "bulk2@example.com",
    ]);
  });

  it("refuses 1001 rows, an empty list or unknown fields, writing nothing", async () => {
    const { api } = await newOrg();
    const rows = Array.from({ length: 1001 }, (_, i) => ({ email: `over${i}@example.com` }));
    for (const [body, field] of [
      [{ contacts: rows }, "contacts"],
      [{ contacts: [] }, "contacts"],
      [{ contacts: "x" }, "contacts"],
      [{}, "contacts"],
      [{ contacts: [{ email: "a@example.com" }], mode: "merge" }, "mode"],
    ] as const) {
      const res = await api<ApiError>("PUT", "/upsert", body);
      expect(res.status).toBe(422);
      expect(contractErrors("POST", "/contacts", 422, res.body)).toEqual([]);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
    expect((await api<List>("GET", "")).body.total).toBe(0);
  });
});

describe("contacts: upsert events", () => {
  it("publishes one event per created or updated row, none for the others", async () => {
    const { organizationId, upsert, create } = await newOrg();
    const existing = await create({ phone: "+14155550172", name: "Same" });
    const other = await create({ phone: "+14155550173", external_id: "o-1" });
    const result = await upsert([
      { phone: "+14155550174" },
      { phone: "+14155550172", name: "Same" },
      { phone: "+14155550172", external_id: "o-1" },
      { phone: "bad" },
      { external_id: "o-1", name: "Other" },
    ]);
    const createdId = result.results[0]?.id;
    const sentinel = await create({ phone: "+14155550175" });
    await fx.waitForEvent("sentinel", (e) => (e.data as Contact).id === sentinel.id);
    const events = (await fx.events()).filter((e) => e.organization_id === organizationId);
    expect(events.map((e) => [e.type, (e.data as Contact).id])).toEqual([
      ["core.contact.created", existing.id],
      ["core.contact.created", other.id],
      ["core.contact.created", createdId],
      ["core.contact.updated", other.id],
      ["core.contact.created", sentinel.id],
    ]);
    expect(events[3]?.data).toMatchObject({ name: "Other", external_id: "o-1" });
  });
});
