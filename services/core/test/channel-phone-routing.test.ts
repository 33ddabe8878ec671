import { LookupChannelsByPhone } from "@relay/domain";
import { type Bus, connectBus, request } from "@relay/service-kit";
import { testNatsUrl } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneChannel, TWILIO } from "./channel-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";
import { createOrganization, fieldsOf, type TestOrganization } from "./org-fixtures.js";

let core: CoreHarness;
let bus: Bus;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  core = await startCore();
  bus = await connectBus({ url: testNatsUrl(), name: "core-test", namespace: core.namespace });
  org = await createOrganization(core, { name: "Routing Inc" });
  other = await createOrganization(core, { name: "Other Routing Inc", default_country: "GB" });
});
afterAll(async () => {
  await bus?.close();
  await core?.stop();
});

describe("voice forwarding numbers", () => {
  it("stores a phone channel's forwarding numbers as E.164 and replaces or clears them", async () => {
    const created = await org.call(
      "POST",
      "/channels",
      phoneChannel("+14155550301", {
        voice_forwarding_numbers: ["(415) 555-0302", "+14155550303", "415-555-0302"],
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.data.voice_forwarding_numbers).toEqual(["+14155550302", "+14155550303"]);
    const id = created.body.data.id;
    expect((await org.call("GET", `/channels/${id}`)).body.data.voice_forwarding_numbers).toEqual([
      "+14155550302",
      "+14155550303",
    ]);

    const replaced = await org.call("PUT", `/channels/${id}`, { voice_forwarding_numbers: ["+14155550304"] });
    expect(replaced.body.data.voice_forwarding_numbers).toEqual(["+14155550304"]);
    const untouched = await org.call("PUT", `/channels/${id}`, { name: "Renamed" });
    expect(untouched.body.data.voice_forwarding_numbers).toEqual(["+14155550304"]);
    const cleared = await org.call("PUT", `/channels/${id}`, { voice_forwarding_numbers: null });
    expect(cleared.body.data.voice_forwarding_numbers).toEqual([]);
  });

  it("defaults to none, and only phone channels have the field", async () => {
    const phone = await org.call("POST", "/channels", phoneChannel("+14155550305"));
    expect(phone.body.data.voice_forwarding_numbers).toEqual([]);
    const email = await org.call("POST", "/channels", {
      type: "email",
      name: "Mail",
      address: "routing@acme.example",
    });
    expect(email.status).toBe(201);
    expect(email.body.data).not.toHaveProperty("voice_forwarding_numbers");
  });

  it("answers 422 naming the entry for a bad number, and for non-phone channels", async () => {
    const bad = await org.call(
      "POST",
      "/channels",
      phoneChannel("+14155550306", { voice_forwarding_numbers: ["+14155550307", "call me"] }),
    );
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toEqual(["voice_forwarding_numbers.1"]);
    const whatsapp = await org.call("POST", "/channels", {
      type: "whatsapp",
      name: "WA",
      phone: "+14155550308",
      voice_forwarding_numbers: ["+14155550309"],
    });
    expect(whatsapp.status).toBe(422);
    expect(fieldsOf(whatsapp)).toEqual(["voice_forwarding_numbers"]);
  });
});

describe("rpc.core.channel.lookup_by_phone", () => {
  it("finds the phone channels of every organization on a number, oldest first", async () => {
    const mine = await org.call("POST", "/channels", phoneChannel("+14155550310"));
    const theirs = await other.call(
      "POST",
      "/channels",
      phoneChannel("+14155550310", { credentials: { account_sid: `AC${"f".repeat(32)}`, auth_token: "t" } }),
    );
    await org.call("POST", "/channels", { type: "whatsapp", name: "WA", phone: "+14155550310" });

    const found = await request(bus, LookupChannelsByPhone, { phone: "+14155550310" });
    expect(found.data.map((match) => [match.organization_id, match.channel.id])).toEqual([
      [org.id, mine.body.data.id],
      [other.id, theirs.body.data.id],
    ]);
    expect(found.data[0]?.channel).toMatchObject({
      type: "phone",
      provider: "twilio",
      phone: "+14155550310",
    });
    expect(JSON.stringify(found)).not.toContain(TWILIO.auth_token);
  });

  it("keeps only the Twilio account's channels (and credential-less ones) when given an account", async () => {
    const twilio = await org.call("POST", "/channels", phoneChannel("+14155550311"));
    const sandbox = await other.call("POST", "/channels", {
      type: "phone",
      name: "Sandbox",
      phone: "+14155550311",
    });
    const ofAccount = await request(bus, LookupChannelsByPhone, {
      phone: "+14155550311",
      account_sid: TWILIO.account_sid,
    });
    expect(ofAccount.data.map((match) => match.channel.id)).toEqual([
      twilio.body.data.id,
      sandbox.body.data.id,
    ]);
    const ofStranger = await request(bus, LookupChannelsByPhone, {
      phone: "+14155550311",
      account_sid: `AC${"e".repeat(32)}`,
    });
    expect(ofStranger.data.map((match) => match.channel.id)).toEqual([sandbox.body.data.id]);
  });

  it("answers an empty list for a number nobody has", async () => {
    expect(await request(bus, LookupChannelsByPhone, { phone: "+14155550399" })).toEqual({ data: [] });
    expect(await request(bus, LookupChannelsByPhone, { phone: "not a number" })).toEqual({ data: [] });
  });
});
