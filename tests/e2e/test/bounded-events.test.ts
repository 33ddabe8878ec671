import { MAX_EMAIL_BODY } from "@relay/domain";
import { type Organization, type Stack, startStack, TWILIO_ACCOUNT } from "@relay/local-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Large content never poisons the bus: an email at the body limit and a contact with large
 * properties are accepted (or refused with a 422) and delivered, and another organization's SMS
 * sent right after still reaches the provider.
 */
const MAIL_CHANNEL = "big@acme.example";
let stack: Stack;
let big: Organization;
let other: Organization;
let smsCount = 0;

beforeAll(async () => {
  stack = await startStack();
  big = await stack.createOrganization("Big Senders");
  other = await stack.createOrganization("Everyone Else");
  expect(
    (await big.api("POST", "/channels", { type: "email", name: "Big", address: MAIL_CHANNEL })).status,
  ).toBe(201);
  const line = await other.api("POST", "/channels", {
    type: "phone",
    name: "Other line",
    phone: "+14155550190",
    provider: "twilio",
    credentials: { account_sid: TWILIO_ACCOUNT.sid, auth_token: TWILIO_ACCOUNT.token },
    send_rate: 50,
  });
  expect(line.status).toBe(201);
});
afterAll(() => stack?.stop());

/** Another organization's SMS, sent now: it must reach Twilio whatever came before it. */
async function otherOrganizationTexts(): Promise<void> {
  smsCount += 1;
  const body = `still flowing #${smsCount}`;
  const sent = await other.api("POST", "/messaging/sms", { from: "+14155550190", to: "+14155550191", body });
  expect(sent.status).toBe(201);
  await stack.twilio.waitForMessage((m) => m.body === body, 15_000);
}

describe("events of any size", () => {
  it("sends an email at the body limit whole (by reference on the bus), and others keep flowing", async () => {
    const line = "Shift details for the Dallas warehouse, gate 4, bring boots. ";
    const body = line.repeat(Math.floor(MAX_EMAIL_BODY / line.length));
    expect(body.length).toBeGreaterThan(400_000);
    const sent = await big.api("POST", "/messaging/email", {
      from: MAIL_CHANNEL,
      to: "crew@example.com",
      subject: "All the details",
      body,
    });
    expect(sent.status).toBe(201);
    await otherOrganizationTexts();
    const mail = await stack.smtp.waitForMail((m) => m.subject === "All the details", 20_000);
    expect(mail.text?.replace(/\s+/g, " ").trim()).toBe(body.replace(/\s+/g, " ").trim());
  });

  it("refuses an email body over the limit with a 422 naming `body`", async () => {
    const res = await big.api<{ details: Array<{ field: string }> }>("POST", "/messaging/email", {
      from: MAIL_CHANNEL,
      to: "crew@example.com",
      body: "x".repeat(MAX_EMAIL_BODY + 1),
    });
    expect(res.status).toBe(422);
    expect(res.body.details.map((d) => d.field)).toContain("body");
    await otherOrganizationTexts();
  });

  it("refuses contact properties over their limit (422 naming `properties`) and stores large ones under it", async () => {
    const huge = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`note_${i}`, "y".repeat(30_000)]));
    const refused = await big.api<{ details: Array<{ field: string }> }>("POST", "/contacts", {
      phone: "+14155550192",
      properties: huge,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d) => d.field).some((f) => f.startsWith("properties"))).toBe(true);
    await otherOrganizationTexts();

    const large = { resume: "z".repeat(40_000), skills: "forklift, first aid" };
    const stored = await big.api<{ data: { id: string; properties: Record<string, string> } }>(
      "POST",
      "/contacts",
      {
        phone: "+14155550193",
        properties: large,
      },
    );
    expect(stored.status).toBe(201);
    expect(stored.body.data.properties).toEqual(large);
    await otherOrganizationTexts();
  });
});
