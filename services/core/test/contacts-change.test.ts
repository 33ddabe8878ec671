import { AppError, ChangeContactRequest, type Contact, type ContactChange } from "@relay/domain";
import { request } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContactFixtures, contactFixtures, contactsApi } from "./contacts-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";

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

const change = async (payload: Parameters<typeof request<typeof ChangeContactRequest>>[2]) =>
  (await request(fx.bus, ChangeContactRequest, payload)).contact;

describe("rpc.core.contact.change (a sequence's tag and collect steps)", () => {
  it("writes a property and tags, announces it, and changes nothing more when repeated", async () => {
    const organizationId = await fx.createOrganization();
    const api = contactsApi(core, organizationId);
    const contact = (
      await api<{ data: Contact }>("POST", "", {
        phone: "+14155550190",
        tags: ["active"],
        properties: { a: 1 },
      })
    ).body.data;
    const payload = {
      organization_id: organizationId,
      contact_id: contact.id,
      update: { properties: { shift: "night" } },
      add_tags: ["unresponsive"],
      remove_tags: ["active"],
    };
    const changed = await change(payload);
    expect(changed).toMatchObject({ properties: { a: 1, shift: "night" }, tags: ["unresponsive"] });
    expect((await api<{ data: Contact }>("GET", `/${contact.id}`)).body.data).toEqual(changed);
    const event = await fx.waitForEvent(
      "tag added",
      (e) =>
        e.type === "core.contact.updated" &&
        (e.data as ContactChange).id === contact.id &&
        (e.data as ContactChange).tags_added !== undefined,
    );
    expect((event.data as ContactChange).tags_added).toEqual(["unresponsive"]);
    expect(await change(payload)).toEqual(changed);
  });

  it("refuses another organization's contact (404) and an email another contact has (422 naming it)", async () => {
    const organizationId = await fx.createOrganization();
    const other = await fx.createOrganization();
    const api = contactsApi(core, organizationId);
    const contact = (await api<{ data: Contact }>("POST", "", { phone: "+14155550191" })).body.data;
    const refused = (payload: Parameters<typeof change>[0]) =>
      change(payload).then(
        () => undefined,
        (caught: unknown) => caught as AppError,
      );
    const wrongTenant = await refused({ organization_id: other, contact_id: contact.id, add_tags: ["x"] });
    expect(wrongTenant).toBeInstanceOf(AppError);
    expect(wrongTenant?.code).toBe("not_found");
    await api("POST", "", { phone: "+14155550192", email: "taken@example.com" });
    const taken = await refused({
      organization_id: organizationId,
      contact_id: contact.id,
      update: { email: "taken@example.com" },
    });
    expect(taken).toBeInstanceOf(AppError);
    expect(taken?.code).toBe("validation_failed");
    expect(taken?.details?.map((d) => d.field)).toContain("email");
  });
});
