import { AppError, CheckAssignee, GetContact, ListChannels } from "@relay/domain";
import { type Bus, connectBus, request } from "@relay/service-kit";
import { testNatsUrl } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneChannel } from "./channel-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";
import { createOrganization, type TestOrganization } from "./org-fixtures.js";

let core: CoreHarness;
let bus: Bus;
let org: TestOrganization;
let other: TestOrganization;
beforeAll(async () => {
  core = await startCore();
  bus = await connectBus({ url: testNatsUrl(), name: "conversations-rpc-test", namespace: core.namespace });
  org = await createOrganization(core);
  other = await createOrganization(core);
});
afterAll(async () => {
  await bus?.close();
  await core?.stop();
});

describe("rpc.core.assignee.check", () => {
  it("says whether each given id is a user / team of the organization", async () => {
    const user = (await org.call("POST", "/users", { name: "A", email: "a@example.com" })).body.data;
    const team = (await org.call("POST", "/teams", { name: "T" })).body.data;
    const theirs = (await other.call("POST", "/users", { name: "B", email: "b@example.com" })).body.data;
    const check = (payload: { user_id?: number; team_id?: string }) =>
      request(bus, CheckAssignee, { organization_id: org.id, ...payload });

    expect(await check({ user_id: user.id, team_id: team.id })).toEqual({
      user_found: true,
      team_found: true,
    });
    expect(await check({ user_id: theirs.id })).toEqual({ user_found: false });
    expect(await check({ team_id: crypto.randomUUID() })).toEqual({ team_found: false });
    expect(await check({})).toEqual({});
  });
});

describe("rpc.core.channel.list", () => {
  it("lists every channel of the organization, of one type if asked", async () => {
    const phone = (await org.call("POST", "/channels", phoneChannel("+14155550400"))).body.data;
    const email = (
      await org.call("POST", "/channels", { type: "email", name: "Mail", address: "jobs@example.com" })
    ).body.data;
    await other.call("POST", "/channels", phoneChannel("+14155550401"));

    const all = await request(bus, ListChannels, { organization_id: org.id });
    expect(all.data.map((c) => c.id)).toEqual([phone.id, email.id]);
    expect(JSON.stringify(all)).not.toContain("twilio-secret-auth-token");
    const phones = await request(bus, ListChannels, { organization_id: org.id, type: "phone" });
    expect(phones.data.map((c) => c.id)).toEqual([phone.id]);
  });
});

describe("rpc.core.contact.get", () => {
  it("answers the organization's contact, and not_found for anyone else's", async () => {
    const contact = (await org.call("POST", "/contacts", { phone: "+14155550402", name: "C" })).body.data;
    expect(await request(bus, GetContact, { organization_id: org.id, id: contact.id })).toEqual(contact);
    const error = await request(bus, GetContact, { organization_id: other.id, id: contact.id }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("not_found");
  });
});
