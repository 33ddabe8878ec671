import type { Contact, DeletedContact, UpsertContactsResult } from "@relay/domain";
import { contractErrors } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiError, type ContactFixtures, contactFixtures, contactsApi } from "./contacts-fixtures.js";
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

async function newOrg() {
  const organizationId = await fx.createOrganization();
  return { organizationId, api: contactsApi(core, organizationId) };
}

describe("contacts: happy paths", () => {
  it("creates a contact from the contract's example body (with a valid number) and shows it", async () => {
    const { api } = await newOrg();
    const created = await api<One>("POST", "", {
      phone: "+14155550123",
      name: "Jane Doe",
      email: "jane@example.com",
    });
    expect(created.status).toBe(201);
    expect(contractErrors("POST", "/contacts", 201, created.body)).toEqual([]);
    expect(created.body.data).toMatchObject({
      phone: "+14155550123",
      name: "Jane Doe",
      email: "jane@example.com",
      state: "open",
      blocked: false,
      properties: {},
      tags: [],
    });
    expect(created.body.data.created_at).toBe(created.body.data.updated_at);

    const shown = await api<One>("GET", `/${created.body.data.id}`);
    expect(shown.status).toBe(200);
    expect(contractErrors("GET", "/contacts/{id}", 200, shown.body)).toEqual([]);
    expect(shown.body).toEqual(created.body);
  });

  it("stores every field, normalizes the phone and leaves unset fields out", async () => {
    const { organizationId, api } = await newOrg();
    const channelId = await fx.createChannel(organizationId, "+14155550100");
    const body = {
      phone: "(415) 555-2671",
      email: "Sam.Lee@Example.com",
      name: "  Sam Lee ",
      external_id: "crm-42",
      address: {
        address_line_one: "1 Main St",
        city: "Austin",
        state: "TX",
        country: "US",
        postal_code: "73301",
      },
      birth_date: { day: 29, month: 2, year: 1992 },
      language: "en",
      default_channel_id: channelId,
      properties: { shift: "night", score: 7 },
      tags: ["nurse", "nurse", "ICU"],
    };
    const created = await api<One>("POST", "", body);
    expect(created.status).toBe(201);
    expect(contractErrors("POST", "/contacts", 201, created.body)).toEqual([]);
    const { id, created_at, updated_at, ...rest } = created.body.data;
    expect(rest).toEqual({
      ...body,
      phone: "+14155552671",
      name: "Sam Lee",
      tags: ["nurse", "ICU"],
      contact_tags: [
        expect.objectContaining({ contact_id: id, tag: expect.objectContaining({ name: "nurse" }) }),
        expect.objectContaining({ contact_id: id, tag: expect.objectContaining({ name: "ICU" }) }),
      ],
      state: "open",
      blocked: false,
    });

    const emailOnly = await api<One>("POST", "", { email: "only@example.com" });
    expect(emailOnly.status).toBe(201);
    expect(contractErrors("POST", "/contacts", 201, emailOnly.body)).toEqual([]);
    expect(Object.keys(emailOnly.body.data).sort()).toEqual(
      [
        "blocked",
        "contact_tags",
        "created_at",
        "email",
        "id",
        "properties",
        "state",
        "tags",
        "updated_at",
      ].sort(),
    );
  });

  it("updates only the fields sent, clears fields set to null and merges properties", async () => {
    const { api } = await newOrg();
    const created = await api<One>("POST", "", {
      phone: "+14155550124",
      email: "jane@example.com",
      name: "Jane Doe",
      properties: { a: 1, b: 2 },
      tags: ["x"],
    });
    const id = created.body.data.id;

    const renamed = await api<One>("PUT", `/${id}`, { name: "Jane Q. Doe" });
    expect(renamed.status).toBe(200);
    expect(contractErrors("PUT", "/contacts/{id}", 200, renamed.body)).toEqual([]);
    expect(renamed.body.data).toMatchObject({
      id,
      name: "Jane Q. Doe",
      phone: "+14155550124",
      email: "jane@example.com",
      properties: { a: 1, b: 2 },
      tags: ["x"],
    });
    expect(Date.parse(renamed.body.data.updated_at)).toBeGreaterThan(
      Date.parse(created.body.data.updated_at),
    );

    const cleared = await api<One>("PUT", `/${id}`, {
      email: null,
      properties: { a: null, c: 3 },
      tags: null,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).not.toHaveProperty("email");
    expect(cleared.body.data.properties).toEqual({ b: 2, c: 3 });
    expect(cleared.body.data.tags).toEqual([]);
    expect((await api<One>("GET", `/${id}`)).body.data).toEqual(cleared.body.data);

    const same = await api<One>("PUT", `/${id}`, { name: "Jane Q. Doe" });
    expect(same.body.data.updated_at).toBe(cleared.body.data.updated_at);
  });

  it("keeps state and blocked consistent", async () => {
    const { api } = await newOrg();
    const { id } = (await api<One>("POST", "", { phone: "+14155550125" })).body.data;
    const blocked = await api<One>("PUT", `/${id}`, { blocked: true });
    expect(blocked.body.data).toMatchObject({ state: "blocked", blocked: true });
    const unblocked = await api<One>("PUT", `/${id}`, { blocked: false });
    expect(unblocked.body.data).toMatchObject({ state: "open", blocked: false });
    const archived = await api<One>("PUT", `/${id}`, { state: "archived" });
    expect(archived.body.data).toMatchObject({ state: "archived", blocked: false });
    expect(contractErrors("PUT", "/contacts/{id}", 200, archived.body)).toEqual([]);
  });

  it("lists contacts oldest first, paged, with the total", async () => {
    const { api } = await newOrg();
    const ids: string[] = [];
    for (const n of [1, 2, 3])
      ids.push((await api<One>("POST", "", { email: `p${n}@example.com` })).body.data.id);

    const all = await api<List>("GET", "");
    expect(all.status).toBe(200);
    expect(contractErrors("GET", "/contacts", 200, all.body)).toEqual([]);
    expect(all.body.total).toBe(3);
    expect(all.body.data.map((c) => c.id)).toEqual(ids);

    const page = await api<List>("GET", "?limit=1&offset=1");
    expect(page.body).toMatchObject({ total: 3 });
    expect(page.body.data.map((c) => c.id)).toEqual([ids[1]]);
  });

  it("searches by phone, email, name and external_id", async () => {
    const { api } = await newOrg();
    const jane = (
      await api<One>("POST", "", {
        phone: "+14155552671",
        email: "Jane@Example.com",
        name: "Jane Q. Doe",
        external_id: "j-1",
      })
    ).body.data;
    const john = (await api<One>("POST", "", { phone: "+14155552672", name: "John 100% Doe" })).body.data;

    const search = async (body: object) => {
      const res = await api<List>("POST", "/search", body);
      expect(res.status).toBe(200);
      expect(contractErrors("POST", "/contacts/search", 200, res.body)).toEqual([]);
      return res.body;
    };
    expect((await search({ email: "jane@example.com" })).data.map((c) => c.id)).toEqual([jane.id]);
    expect((await search({ phone: "(415) 555-2672" })).data.map((c) => c.id)).toEqual([john.id]);
    expect((await search({ name: "q. d" })).data.map((c) => c.id)).toEqual([jane.id]);
    expect((await search({ name: "doe" })).data.map((c) => c.id)).toEqual([jane.id, john.id]);
    expect((await search({ name: "100%" })).data.map((c) => c.id)).toEqual([john.id]);
    expect((await search({ name: "%" })).data.map((c) => c.id)).toEqual([john.id]);
    expect((await search({ external_id: "j-1" })).data.map((c) => c.id)).toEqual([jane.id]);
    expect((await search({ name: "doe", phone: "+14155552671" })).data.map((c) => c.id)).toEqual([jane.id]);
    expect(await search({ email: "nobody@example.com" })).toEqual({ data: [], total: 0 });
    const paged = await search({ name: "doe", limit: 1, offset: 1 });
    expect(paged.total).toBe(2);
    expect(paged.data.map((c) => c.id)).toEqual([john.id]);
  });

  it("deletes a contact, which is then gone", async () => {
    const { api } = await newOrg();
    const { id } = (await api<One>("POST", "", { phone: "+14155550126" })).body.data;
    const deleted = await api<{ data: DeletedContact }>("DELETE", `/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ data: { id, deleted: true } });
    const gone = await api<ApiError>("GET", `/${id}`);
    expect(gone.status).toBe(404);
    expect(contractErrors("GET", "/contacts", 401, gone.body)).toEqual([]); // the contract's Error body
    expect((await api<ApiError>("DELETE", `/${id}`)).status).toBe(404);
    expect((await api<ApiError>("PUT", `/${id}`, { name: "x" })).status).toBe(404);
  });

  it("upserts with the contract's 202 body", async () => {
    const { api } = await newOrg();
    const res = await api<{ data: UpsertContactsResult }>("PUT", "/upsert", {
      contacts: [{ phone: "+14155550127", name: "Upserted" }],
    });
    expect(res.status).toBe(202);
    expect(contractErrors("PUT", "/contacts/upsert", 202, res.body)).toEqual([]);
    expect(res.body.data).toMatchObject({ created: 1, results: [{ index: 0, status: "created" }] });
  });
});

describe("contacts: events", () => {
  it("publishes created, updated and deleted events, written with the change", async () => {
    const { organizationId, api } = await newOrg();
    const channelId = await fx.createChannel(organizationId, "+14155550199");
    const created = await api<One>("POST", "", {
      phone: "+14155550128",
      opt_in_to: [{ phone: "(415) 555-0199" }],
      opt_in_to_all_channels: false,
    });
    const id = created.body.data.id;
    const createdEvent = await fx.waitForEvent("contact created", (e) => {
      return e.type === "core.contact.created" && (e.data as Contact).id === id;
    });
    expect(createdEvent).toMatchObject({ organization_id: organizationId });
    expect(createdEvent.data).toEqual({
      ...created.body.data,
      opt_in_to: [{ id: channelId, phone: "+14155550199" }],
      opt_in_to_all_channels: false,
    });

    const updated = await api<One>("PUT", `/${id}`, { name: "Renamed" });
    const updatedEvent = await fx.waitForEvent("contact updated", (e) => {
      return e.type === "core.contact.updated" && (e.data as Contact).id === id;
    });
    expect(updatedEvent.data).toEqual(updated.body.data);

    await api("DELETE", `/${id}`);
    const deletedEvent = await fx.waitForEvent("contact deleted", (e) => {
      return e.type === "core.contact.deleted" && (e.data as { id: string }).id === id;
    });
    expect(deletedEvent).toMatchObject({ organization_id: organizationId, data: { id } });
  });

  it("hands an opt-in on an otherwise unchanged contact to the consent owner", async () => {
    const { api } = await newOrg();
    const created = (await api<One>("POST", "", { phone: "+14155550131" })).body.data;
    const res = await api<One>("PUT", `/${created.id}`, { opt_in_to_all_channels: true });
    expect(res.body.data).toEqual(created);
    const event = await fx.waitForEvent("opt-in", (e) => {
      return e.type === "core.contact.updated" && (e.data as Contact).id === created.id;
    });
    expect(event.data).toEqual({ ...created, opt_in_to_all_channels: true });
  });

  it("publishes nothing for a rejected or unchanged write", async () => {
    const { organizationId, api } = await newOrg();
    const { id } = (await api<One>("POST", "", { phone: "+14155550129", name: "Same" })).body.data;
    expect((await api("POST", "", { phone: "+14155550129" })).status).toBe(422);
    expect((await api("PUT", `/${id}`, { name: "Same" })).status).toBe(200);
    expect((await api("PUT", `/${id}`, { phone: "not a phone" })).status).toBe(422);
    expect((await api("PUT", `/${id}`, { opt_in_to: [], opt_in_to_all_channels: false })).status).toBe(200);
    // Events leave in commit order: once this one is out, any earlier one would be too.
    const sentinel = (await api<One>("POST", "", { phone: "+14155550130" })).body.data.id;
    await fx.waitForEvent("sentinel", (e) => (e.data as Contact).id === sentinel);
    const mine = (await fx.events()).filter((e) => e.organization_id === organizationId);
    expect(mine.map((e) => [e.type, (e.data as Contact).id])).toEqual([
      ["core.contact.created", id],
      ["core.contact.created", sentinel],
    ]);
  });
});
