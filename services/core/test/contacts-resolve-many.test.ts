import {
  type Contact,
  ResolveContact,
  ResolveContacts,
  type ResolveContactsRequest,
  type ResolveManyResult,
} from "@relay/domain";
import { request } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContactFixtures, contactFixtures, contactsApi } from "./contacts-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";

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

const resolveMany = (payload: ResolveContactsRequest) => request(fx.bus, ResolveContacts, payload);
const idOf = (result: ResolveManyResult | undefined) =>
  result !== undefined && "contact" in result ? result.contact.id : undefined;

describe("rpc.core.contact.resolve_many", () => {
  it("finds the known contacts and creates the others, answering in the order of the items", async () => {
    const organizationId = await fx.createOrganization();
    const api = contactsApi(core, organizationId);
    const known = (await api<{ data: Contact }>("POST", "", { phone: "+14155550190", name: "Known" })).body
      .data;
    const byEmail = (await api<{ data: Contact }>("POST", "", { email: "Mail@Example.com" })).body.data;

    const { results } = await resolveMany({
      organization_id: organizationId,
      items: [
        { phone: "(415) 555-0191", name: "New" },
        { phone: "415 555 0190", name: "Not applied" },
        { email: "mail@example.COM" },
        { phone: "+14155550191" },
        { email: "fresh@example.com" },
      ],
    });
    expect(results).toEqual([
      {
        contact: {
          id: expect.any(String),
          phone: "+14155550191",
          name: "New",
          updated_at: expect.any(String),
        },
      },
      { contact: { id: known.id, phone: known.phone, name: "Known", updated_at: known.updated_at } },
      { contact: { id: byEmail.id, email: byEmail.email, updated_at: byEmail.updated_at } },
      results[0],
      { contact: { id: expect.any(String), email: "fresh@example.com", updated_at: expect.any(String) } },
    ]);
    // Two items for one new number made one contact; each new contact was announced once.
    expect((await api<List>("GET", "")).body.total).toBe(4);
    const created = [idOf(results[0]), idOf(results[4])];
    await fx.waitForEvent("both created", (e) => e.data !== null && (e.data as Contact).id === created[1]);
    const events = (await fx.events()).filter(
      (e) => e.type === "core.contact.created" && created.includes((e.data as Contact).id),
    );
    expect(events.map((e) => (e.data as Contact).id).sort()).toEqual([...created].sort());
  });

  it("answers an impossible phone with its own error and resolves the other items", async () => {
    const organizationId = await fx.createOrganization();
    const { results } = await resolveMany({
      organization_id: organizationId,
      items: [{ phone: "12345" }, { phone: "+14155550192" }],
    });
    expect(results[0]).toEqual({
      error: {
        code: "validation_failed",
        message: expect.stringContaining("phone"),
        details: [expect.objectContaining({ field: "phone" })],
      },
    });
    expect(results[1]).toMatchObject({ contact: { phone: "+14155550192" } });
  });

  it("prefers the phone's contact, and an item matching a contact created for an earlier item gets it", async () => {
    const organizationId = await fx.createOrganization();
    const api = contactsApi(core, organizationId);
    const byEmail = (await api<{ data: Contact }>("POST", "", { email: "x@example.com" })).body.data;
    const byPhone = (await api<{ data: Contact }>("POST", "", { phone: "+14155550193" })).body.data;
    const { results } = await resolveMany({
      organization_id: organizationId,
      items: [
        { phone: "+14155550193", email: "x@example.com" },
        { phone: "+14155550194", email: "new@example.com" },
        { phone: "+14155550195", email: "new@example.com" },
      ],
    });
    expect(idOf(results[0])).toBe(byPhone.id);
    expect(idOf(results[0])).not.toBe(byEmail.id);
    expect(idOf(results[2])).toBe(idOf(results[1]));
    expect((await api<List>("GET", "")).body.total).toBe(3);
  });

  it("creates one contact per number when asked concurrently, with the single resolve too", async () => {
    const organizationId = await fx.createOrganization();
    const phones = Array.from({ length: 20 }, (_, i) => `+1415555${String(1000 + i)}`);
    const [a, b, single] = await Promise.all([
      resolveMany({ organization_id: organizationId, items: phones.map((phone) => ({ phone })) }),
      resolveMany({
        organization_id: organizationId,
        items: [...phones].reverse().map((phone) => ({ phone })),
      }),
      request(fx.bus, ResolveContact, { organization_id: organizationId, phone: phones[7] ?? "" }),
    ]);
    expect(a.results.map(idOf)).toEqual([...b.results].reverse().map(idOf));
    expect(idOf(a.results[7])).toBe(single.id);
    expect((await contactsApi(core, organizationId)<List>("GET", "?limit=100")).body.total).toBe(20);
  });

  it("keeps organizations apart and answers not found for an unknown organization", async () => {
    const orgA = await fx.createOrganization();
    const orgB = await fx.createOrganization();
    const [a] = (await resolveMany({ organization_id: orgA, items: [{ phone: "+14155550196" }] })).results;
    const [b] = (await resolveMany({ organization_id: orgB, items: [{ phone: "+14155550196" }] })).results;
    expect(idOf(b)).not.toBe(idOf(a));
    await expect(
      resolveMany({ organization_id: crypto.randomUUID(), items: [{ phone: "+14155550196" }] }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers a slice of 250 items at their longest well under the bus's 1 MiB", async () => {
    const organizationId = await fx.createOrganization();
    const items = Array.from({ length: 250 }, (_, i) => ({
      email: `${String(i).padStart(3, "0")}${"a".repeat(60)}@${"b".repeat(60)}.${"c".repeat(60)}.example.com`,
      name: "n".repeat(255),
    }));
    const raw = await fx.bus.nc.request(
      fx.bus.subject(ResolveContacts.subject),
      JSON.stringify({ organization_id: organizationId, items }),
      { timeout: 10_000 },
    );
    expect(raw.json<{ ok: boolean }>().ok).toBe(true);
    expect(raw.data.length).toBeLessThan(256 * 1024);
  });
});
