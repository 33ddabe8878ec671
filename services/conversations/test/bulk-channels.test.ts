import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshKey, sendBulk, smsRow } from "./bulk-flows.js";
import { emailCommands, reportEmailStatus } from "./email-flows.js";
import { phoneCommands } from "./flows.js";
import { type Stack, settled, startStack, type TestOrganization } from "./harness.js";
import { receiveWhatsApp, whatsAppCommands } from "./whatsapp-flows.js";

const LINE = "+14155550100";
const DESK = "+14155550177";
const INBOX = "support@acme.example";
const TEMPLATE = { name: "shift_reminder", language: "en_US" };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ EMAIL_MESSAGE_ID_DOMAIN: "mail.relay.test" });
});
afterAll(async () => {
  await stack?.stop();
});

interface Org extends TestOrganization {
  line: string;
  inbox: string;
  desk: string;
}

async function organizationWithChannels(): Promise<Org> {
  const org = await stack.createOrganization();
  const channel = async (body: Record<string, unknown>) => {
    const created = await org.core("POST", "/channels", { timezone: "UTC", provider: "sandbox", ...body });
    if (created.status !== 201) throw new Error(`creating a channel answered ${created.status}`);
    return created.body.data.id as string;
  };
  return {
    ...org,
    line: await org.createChannel(LINE),
    inbox: await channel({ type: "email", name: "Support", address: INBOX }),
    desk: await channel({ type: "whatsapp", name: "Desk", phone: DESK }),
  };
}

const emailRow = (to: string | { contact_id: string }, extra: Record<string, unknown> = {}) => ({
  key: freshKey("email"),
  type: "email",
  from: INBOX,
  ...(typeof to === "string" ? { to } : to),
  subject: "Your shift",
  body: "See you at 9.",
  ...extra,
});

const whatsAppRow = (to: string, extra: Record<string, unknown>) => ({
  key: freshKey("wa"),
  type: "whatsapp",
  from: DESK,
  to,
  ...extra,
});

describe("POST /messaging/bulk with every channel", () => {
  it("sends SMS, email and WhatsApp rows of one batch through their policies", async () => {
    const org = await organizationWithChannels();
    const pat = (await org.core("POST", "/contacts", { email: "pat@example.org", name: "Pat" })).body.data;
    // Sam wrote on WhatsApp a moment ago: free-form is inside the window for Sam only.
    await receiveWhatsApp(stack, org.id, { channel_id: org.desk, from: "16285550302", to: DESK, body: "hi" });

    const answer = await sendBulk(org, [
      smsRow(LINE, "+16285550301"),
      emailRow("Jo@Example.org", { conversation_status: "automated" }),
      emailRow({ contact_id: pat.id }),
      whatsAppRow("+16285550301", { template: TEMPLATE }),
      whatsAppRow("+16285550301", { body: "free-form, outside the window" }),
      whatsAppRow("+16285550302", { body: "free-form, inside the window" }),
      emailRow("+16285550301"),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.data.results.map((r) => r.status)).toEqual([
      "queued",
      "queued",
      "queued",
      "queued",
      "refused",
      "queued",
      "refused",
    ]);
    expect(answer.body.data.results[4]?.error).toMatchObject({
      code: "outside_window",
      details: [{ field: "messages.4.body", message: expect.stringContaining("24-hour") }],
    });
    expect(answer.body.data.results[6]?.error?.details?.[0]?.field).toBe("messages.6.to");

    await settled(stack);
    const mails = await emailCommands(stack)(org.id);
    expect(mails.map((m) => m.to).sort()).toEqual(["jo@example.org", "pat@example.org"]);
    const automated = mails.find((m) => m.to === "jo@example.org");
    expect(automated).toMatchObject({
      from: INBOX,
      subject: "Your shift",
      message_id_header: `<${answer.body.data.results[1]?.id}@mail.relay.test>`,
      list_unsubscribe_url: expect.stringContaining("/unsubscribe/"),
    });
    const whatsApp = await whatsAppCommands(stack)(org.id);
    expect(whatsApp.map((w) => [w.to, w.kind]).sort()).toEqual([
      ["16285550301", "template"],
      ["16285550302", "text"],
    ]);
    expect((await phoneCommands(stack)(org.id)).map((c) => c.to)).toEqual(["+16285550301"]);
  });

  it("refuses an email row to an address that bounced permanently, with hard_bounced", async () => {
    const org = await organizationWithChannels();
    const first = await sendBulk(org, [emailRow("gone@example.org")]);
    const id = first.body.data.results[0]?.id ?? "";
    await reportEmailStatus(stack, org.id, {
      message_id: id,
      channel_id: org.inbox,
      status: "undelivered",
      error_code: "550",
      error_message: "5.1.1 user unknown",
      hard_bounce: true,
      recipient: "gone@example.org",
    });
    const answer = await sendBulk(org, [emailRow("gone@example.org"), emailRow("here@example.org")]);
    expect(answer.body.data.results.map((r) => r.status)).toEqual(["refused", "queued"]);
    expect(answer.body.data.results[0]?.error).toMatchObject({
      code: "hard_bounced",
      details: [{ field: "messages.0.to", message: expect.stringContaining("550") }],
    });
    await settled(stack);
    expect((await emailCommands(stack)(org.id)).map((m) => m.to)).toEqual([
      "gone@example.org",
      "here@example.org",
    ]);
  });

  it("threads an email row on the conversation's last message, as a single send does", async () => {
    const org = await organizationWithChannels();
    const single = await org.call("POST", "/messaging/email", {
      from: INBOX,
      to: "lee@example.org",
      body: "Hi",
    });
    const answer = await sendBulk(org, [emailRow("lee@example.org", { subject: undefined })]);
    expect(answer.body.data.results[0]?.conversation_id).toBe(single.body.data.conversation_id);
    await settled(stack);
    const [, reply] = await emailCommands(stack)(org.id);
    expect(reply).toMatchObject({
      in_reply_to: `<${single.body.data.id}@mail.relay.test>`,
      references: [`<${single.body.data.id}@mail.relay.test>`],
    });
  });
});
