import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneChannel, SECRETS, SMTP, TWILIO, WEEKDAY_HOURS, WHATSAPP } from "./channel-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";
import { createOrganization, fieldsOf, seenBodies, type TestOrganization } from "./org-fixtures.js";

let core: CoreHarness;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  core = await startCore();
  org = await createOrganization(core, { name: "Validation Inc" });
  other = await createOrganization(core, { name: "Other Inc" });
});
afterAll(async () => {
  await core?.stop();
});

describe("channel validation", () => {
  it("answers 422 naming the field for a phone or address already used in the organization", async () => {
    const first = await org.call("POST", "/channels", phoneChannel("+14155550111"));
    expect(first.status).toBe(201);
    const again = await org.call("POST", "/channels", phoneChannel("415-555-0111"));
    expect(again.status).toBe(422);
    expect(fieldsOf(again)).toEqual(["phone"]);

    const mail = { type: "email", name: "Sales", address: "sales@acme.example" };
    expect((await org.call("POST", "/channels", mail)).status).toBe(201);
    const upper = await org.call("POST", "/channels", { ...mail, address: "SALES@acme.example" });
    expect(upper.status).toBe(422);
    expect(fieldsOf(upper)).toEqual(["address"]);

    const elsewhere = await other.call("POST", "/channels", phoneChannel("+14155550111"));
    expect(elsewhere.status).toBe(201);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ["an unknown type", phoneChannel("+14155550120", { type: "fax" }), "type"],
    ["a missing name", phoneChannel("+14155550120", { name: undefined }), "name"],
    ["a name of the wrong type", phoneChannel("+14155550120", { name: 12 }), "name"],
    ["a bad phone", phoneChannel("call me maybe"), "phone"],
    ["an impossible phone", phoneChannel("+1 555"), "phone"],
    ["a missing phone", phoneChannel("+14155550120", { phone: undefined }), "phone"],
    ["an address on a phone channel", phoneChannel("+14155550120", { address: "a@b.example" }), "address"],
    [
      "a phone on an email channel",
      { type: "email", name: "E", address: "e@x.example", phone: "+14155550120" },
      "phone",
    ],
    ["a missing address", { type: "email", name: "E" }, "address"],
    ["a bad email", { type: "email", name: "E", address: "not-an-email" }, "address"],
    ["a bad timezone", phoneChannel("+14155550120", { timezone: "Mars/Olympus_Mons" }), "timezone"],
    ["an offset timezone", phoneChannel("+14155550120", { timezone: "+01:00" }), "timezone"],
    ["an unknown field", phoneChannel("+14155550120", { is_hosted_sms: true }), "is_hosted_sms"],
    [
      "a bad weekday",
      phoneChannel("+14155550120", { opening_hours: [{ ...WEEKDAY_HOURS[0], weekday: "Funday" }] }),
      "opening_hours.0.weekday",
    ],
    [
      "a bad opening time",
      phoneChannel("+14155550120", { opening_hours: [{ ...WEEKDAY_HOURS[0], opens_at: "25:00" }] }),
      "opening_hours.0.opens_at",
    ],
    [
      "a time without minutes",
      phoneChannel("+14155550120", { opening_hours: [{ ...WEEKDAY_HOURS[0], closes_at: "5pm" }] }),
      "opening_hours.0.closes_at",
    ],
    [
      "a bad opening state",
      phoneChannel("+14155550120", { opening_hours: [{ ...WEEKDAY_HOURS[0], state: "maybe" }] }),
      "opening_hours.0.state",
    ],
    [
      "an unknown opening-hour field",
      phoneChannel("+14155550120", { opening_hours: [{ ...WEEKDAY_HOURS[0], note: "x" }] }),
      "opening_hours.0.note",
    ],
    [
      "a provider of another channel type",
      phoneChannel("+14155550120", { provider: "smtp", credentials: SMTP }),
      "provider",
    ],
    ["an unknown provider", phoneChannel("+14155550120", { provider: "vonage" }), "provider"],
    [
      "incomplete credentials",
      phoneChannel("+14155550120", { credentials: { account_sid: TWILIO.account_sid } }),
      "credentials.auth_token",
    ],
    [
      "missing credentials",
      phoneChannel("+14155550120", { credentials: undefined }),
      "credentials.account_sid",
    ],
    [
      "a malformed account SID",
      phoneChannel("+14155550120", { credentials: { ...TWILIO, account_sid: "XY1" } }),
      "credentials.account_sid",
    ],
    [
      "an unknown credential",
      phoneChannel("+14155550120", { credentials: { ...TWILIO, region: "ie1" } }),
      "credentials.region",
    ],
    [
      "credentials for a sandbox",
      phoneChannel("+14155550120", { provider: "sandbox" }),
      "credentials.auth_token",
    ],
    [
      "an SMTP port of the wrong type",
      {
        type: "email",
        name: "E",
        address: "p@x.example",
        provider: "smtp",
        credentials: { ...SMTP, port: "587" },
      },
      "credentials.port",
    ],
    ["a zero send rate", phoneChannel("+14155550120", { send_rate: 0 }), "send_rate"],
    ["a send rate over 100", phoneChannel("+14155550120", { send_rate: 101 }), "send_rate"],
    ["a send rate of the wrong type", phoneChannel("+14155550120", { send_rate: "fast" }), "send_rate"],
  ];

  it.each(bad)("answers 422 naming the field for %s", async (_, body, field) => {
    const res = await org.call("POST", "/channels", body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, code: "validation_failed", error: expect.any(String) });
    expect(fieldsOf(res)).toContain(field);
  });

  it("created nothing for the bad requests", async () => {
    const list = await org.call("GET", "/channels?limit=500");
    expect(list.body.data.map((c: { phone?: string }) => c.phone)).not.toContain("+14155550120");
  });
  it("answers 422 naming the field for bad updates", async () => {
    const channel = (await org.call("POST", "/channels", phoneChannel("+14155550500"))).body.data;
    const taken = (await org.call("POST", "/channels", phoneChannel("+14155550501"))).body.data;
    for (const [body, field] of [
      [{ type: "email" }, "type"],
      [{ phone: "nope" }, "phone"],
      [{ phone: taken.phone }, "phone"],
      [{ address: "x@y.example" }, "address"],
      [{ timezone: "Nowhere/Special" }, "timezone"],
      [
        { opening_hours: [{ weekday: "monday", opens_at: "09:00", closes_at: "17:00" }] },
        "opening_hours.0.weekday",
      ],
      [
        { opening_hours: [{ weekday: "Monday", opens_at: "9:00", closes_at: "17:00" }] },
        "opening_hours.0.opens_at",
      ],
      [{ provider: "whatsapp_cloud", credentials: WHATSAPP }, "provider"],
      [{ name: null }, "name"],
      [{ secret: true }, "secret"],
    ] as const) {
      const res = await org.call("PUT", `/channels/${channel.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(fieldsOf(res), JSON.stringify(body)).toContain(field);
    }
    expect((await org.call("GET", `/channels/${channel.id}`)).body.data).toEqual(channel);
  });

  it("never echoed credentials in an error", () => {
    expect(seenBodies.length).toBeGreaterThan(30);
    for (const body of seenBodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
  });
});
