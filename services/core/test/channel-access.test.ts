import { GetChannelCredentials, ResolveChannel } from "@relay/domain";
import { request } from "@relay/service-kit";
import { contractErrors } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneChannel, SMTP, TWILIO, WHATSAPP } from "./channel-fixtures.js";
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
let phone: { id: string; phone: string };
let whatsapp: { id: string };
let email: { id: string };

beforeAll(async () => {
  core = await startCore();
  log = await eventLog(core);
  org = await createOrganization(core, { name: "Access Inc" });
  other = await createOrganization(core, { name: "Other Inc" });
  ada = (await org.call("POST", "/users", { name: "Ada", email: "ada@example.com" })).body.data.id;
  bob = (await org.call("POST", "/users", { name: "Bob", email: "bob@example.com" })).body.data.id;
  stranger = (await other.call("POST", "/users", { name: "Stranger", email: "s@example.com" })).body.data.id;
  phone = (await org.call("POST", "/channels", phoneChannel("+14155552671"))).body.data;
  whatsapp = (
    await org.call("POST", "/channels", {
      type: "whatsapp",
      name: "WhatsApp",
      phone: "+14155552671",
      provider: "whatsapp_cloud",
      credentials: WHATSAPP,
    })
  ).body.data;
  email = (
    await org.call("POST", "/channels", {
      type: "email",
      name: "Support",
      address: "Support@Acme.example",
      provider: "smtp",
      credentials: SMTP,
    })
  ).body.data;
});
afterAll(async () => {
  await log?.close();
  await core?.stop();
});

describe("/v1/channels/{id}/users", () => {
  it("sets and lists who may use a channel", async () => {
    const empty = await org.call("GET", `/channels/${phone.id}/users`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ data: [] });

    const set = await org.call("PUT", `/channels/${phone.id}/users`, { user_ids: [bob, ada] });
    expect(set.status).toBe(200);
    expect(set.body.data.map((u: { id: number }) => u.id)).toEqual([ada, bob].sort((a, b) => a - b));

    const listed = await org.call("GET", `/channels/${phone.id}/users`);
    expect(contractErrors("GET", "/channels/{id}/users", 200, listed.body)).toEqual([]);
    expect(listed.body).toEqual(set.body);
    expect(listed.body.data[0]).toMatchObject({ name: expect.any(String), email: expect.any(String) });

    const narrowed = await org.call("PUT", `/channels/${phone.id}/users`, { user_ids: [bob] });
    expect(narrowed.body.data.map((u: { id: number }) => u.id)).toEqual([bob]);
    expect((await org.call("GET", `/channels/${whatsapp.id}/users`)).body.data).toEqual([]);
  });

  it("announces the new access list as core.channel.updated", async () => {
    await org.call("PUT", `/channels/${email.id}/users`, { user_ids: [ada] });
    const event = await log.waitForEvent(
      "core.channel.updated",
      (e) => (e.data as { id: string }).id === email.id,
    );
    expect(event.data).toMatchObject({
      id: email.id,
      user_ids: [ada],
      provider: "smtp",
      has_credentials: true,
    });
    expect(JSON.stringify(event)).not.toContain(SMTP.password);
  });

  it("answers 422 naming user_ids for another organization's users and bad input", async () => {
    const before = (await org.call("GET", `/channels/${phone.id}/users`)).body;
    const foreign = await org.call("PUT", `/channels/${phone.id}/users`, { user_ids: [ada, stranger] });
    expect(foreign.status).toBe(422);
    expect(fieldsOf(foreign)).toEqual(["user_ids"]);
    for (const [body, field] of [
      [{}, "user_ids"],
      [{ user_ids: "all" }, "user_ids"],
      [{ user_ids: [1.5] }, "user_ids.0"],
      [{ user_ids: [], team_ids: [] }, "team_ids"],
    ] as const) {
      const res = await org.call("PUT", `/channels/${phone.id}/users`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(fieldsOf(res)).toContain(field);
    }
    expect((await org.call("GET", `/channels/${phone.id}/users`)).body).toEqual(before);
  });
});

describe("rpc.core.channel.resolve", () => {
  const resolve = (payload: Parameters<typeof request<typeof ResolveChannel>>[2]) =>
    request(log.bus, ResolveChannel, payload);

  it("finds a channel by id, with its type and provider", async () => {
    const found = await resolve({ organization_id: org.id, id: phone.id });
    expect(found).toMatchObject({ id: phone.id, type: "phone", provider: "twilio", phone: "+14155552671" });
    expect(found).not.toHaveProperty("credentials");
  });

  it("finds a channel by its number in any format, preferring the phone channel", async () => {
    expect((await resolve({ organization_id: org.id, address: "(415) 555-2671" })).id).toBe(phone.id);
    expect((await resolve({ organization_id: org.id, address: "+14155552671", type: "phone" })).id).toBe(
      phone.id,
    );
    const wa = await resolve({ organization_id: org.id, address: "+1 415 555 2671", type: "whatsapp" });
    expect(wa).toMatchObject({ id: whatsapp.id, type: "whatsapp", provider: "whatsapp_cloud" });
  });

  it("finds an email channel by its address, ignoring case", async () => {
    const found = await resolve({ organization_id: org.id, address: "support@acme.EXAMPLE" });
    expect(found).toMatchObject({ id: email.id, type: "email", address: "Support@Acme.example" });
  });

  it("answers not_found for unknown addresses, other organizations and the wrong type", async () => {
    const misses = [
      { organization_id: org.id, address: "+14155550000" },
      { organization_id: org.id, address: "nobody@acme.example" },
      { organization_id: org.id, address: "not a number" },
      { organization_id: org.id, id: crypto.randomUUID() },
      { organization_id: other.id, id: phone.id },
      { organization_id: other.id, address: "+14155552671" },
      { organization_id: org.id, id: email.id, type: "phone" as const },
    ];
    for (const miss of misses) {
      await expect(resolve(miss), JSON.stringify(miss)).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("refuses a request with both or neither of id and address", async () => {
    await expect(resolve({ organization_id: org.id })).rejects.toThrow();
    await expect(
      resolve({ organization_id: org.id, id: phone.id, address: "+14155552671" }),
    ).rejects.toThrow();
  });
});

describe("rpc.core.channel.credentials", () => {
  it("gives adapters the provider and its credentials", async () => {
    expect(
      await request(log.bus, GetChannelCredentials, { organization_id: org.id, channel_id: phone.id }),
    ).toEqual({ provider: "twilio", credentials: TWILIO });
    expect(
      await request(log.bus, GetChannelCredentials, { organization_id: org.id, channel_id: email.id }),
    ).toEqual({ provider: "smtp", credentials: SMTP });
    const sandbox = (
      await org.call("POST", "/channels", { type: "phone", name: "Test", phone: "+14155550199" })
    ).body.data;
    expect(
      await request(log.bus, GetChannelCredentials, { organization_id: org.id, channel_id: sandbox.id }),
    ).toEqual({ provider: "sandbox", credentials: {} });
  });

  it("answers not_found for another organization's channel", async () => {
    await expect(
      request(log.bus, GetChannelCredentials, { organization_id: other.id, channel_id: phone.id }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
