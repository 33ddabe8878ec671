import {
  type Organization,
  type Stack,
  startStack,
  TWILIO_ACCOUNT,
  WHATSAPP_NUMBER,
} from "@relay/local-stack";
import { deliverMail, testDatabaseUrl, waitFor } from "@relay/testing";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectFitsPhone,
  launchBrowser,
  logIn,
  PHONE,
  screenshot,
  seriousA11yViolations,
} from "./web-browser-helpers.js";
import {
  createLogin,
  createPhoneChannel,
  createWhatsAppChannel,
  inboundSms,
  SessionClient,
} from "./web-helpers.js";

const LINE = "+14155550151";
const OTHER_LINE = "+14155550152";
const MAILBOX = "jobs@northwind.test";
const WHATSAPP = WHATSAPP_NUMBER.phone;
const PASSWORD = "inbox passphrase 2";

interface Conversation {
  id: string;
  contact_id: string;
  channel_id: string;
  status: string;
  assigned_team_id?: string;
}
interface Message {
  id: string;
  contact_id: string;
  type: string;
  direction: string;
  body?: string;
  delivery_status: string;
  schedule_at?: string;
  user_id?: number;
  whatsapp?: { kind: string; template?: { name: string } };
}

let stack: Stack;
let org: Organization;
let browser: Browser;
let page: Page;
let ritaId: number;
let phoneChannel: string;

const conversationsOf = async (query: string) =>
  (await org.api<{ data: Conversation[] }>("GET", `/conversations?limit=100&${query}`)).body.data;
const messagesOf = async (conversationId: string) =>
  (await org.api<{ data: Message[] }>("GET", `/conversations/${conversationId}/messages?limit=100`)).body
    .data;
/** The conversation of the contact with this phone or email, once it exists. */
const conversationWith = (address: string) =>
  waitFor(async () => {
    const found = await org.api<{ data: Conversation[] }>("POST", "/conversations/search", {
      query: address,
    });
    return found.body.data[0];
  });
const whatsAppIn = (from: string, body: string) =>
  stack.whatsapp.sendInboundText({
    url: `${stack.gatewayUrl}/webhooks/whatsapp`,
    phoneNumberId: WHATSAPP_NUMBER.phoneNumberId,
    displayPhoneNumber: WHATSAPP.slice(1),
    from,
    body,
  });
/** Opens a conversation in the app by its URL (the list's filters aside). */
async function open(conversationId: string) {
  await page.goto(`${stack.gatewayUrl}/app/inbox/${conversationId}`);
  await page.locator(".thread .timeline").waitFor();
}

beforeAll(async () => {
  stack = await startStack({ statusDelayMs: 50 });
  org = await stack.createOrganization("Northwind Inbox");
  phoneChannel = await createPhoneChannel(org, LINE, "Recruiting line");
  const mail = await org.api("POST", "/channels", { type: "email", name: "Jobs mailbox", address: MAILBOX });
  expect(mail.status).toBe(201);
  await createWhatsAppChannel(org, "WhatsApp line");
  const saved = await org.api("POST", "/automations/templates", {
    title: "Licence reminder",
    message: "Reminder: bring your licence tomorrow",
    channel_type: "phone",
  });
  expect(saved.status).toBe(201);
  ritaId = await createLogin(
    stack,
    org,
    { name: "Rita Recruiter", email: "rita@northwind-inbox.test", role: "admin" },
    PASSWORD,
  );
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await logIn(page, stack.gatewayUrl, "rita@northwind-inbox.test", PASSWORD);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the inbox's thread, composer and panel in a real browser", () => {
  it("at phone width folds the menu, shows one pane at a time and the contact panel on request", async () => {
    await inboundSms(stack, "+14155554077", LINE, "Can I swap my Tuesday shift?");
    const phone = await browser.newPage({ viewport: PHONE });
    try {
      await logIn(phone, stack.gatewayUrl, "rita@northwind-inbox.test", PASSWORD);
      // The sections are behind the Menu button until it is pressed.
      const menu = phone.getByRole("button", { name: "Menu" });
      await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
      expect(await phone.getByRole("link", { name: "Contacts" }).isVisible()).toBe(false);
      await menu.click();
      await phone.getByRole("link", { name: "Contacts" }).waitFor();
      await expectFitsPhone(phone, "inbox-menu-phone");
      await menu.click();

      // The list alone; opening a conversation shows the thread alone, with the way back.
      const row = phone.locator(".conversation", { hasText: "+14155554077" });
      await row.waitFor({ timeout: 15_000 });
      await expectFitsPhone(phone, "inbox-list-phone");
      await row.click();
      await phone.getByText("Can I swap my Tuesday shift?").waitFor();
      expect(await phone.locator(".list").isVisible()).toBe(false);
      await expectFitsPhone(phone, "inbox-thread-phone");

      // The contact panel opens over the thread and folds back.
      await phone.getByRole("button", { name: "Contact", exact: true }).click();
      const panel = phone.getByRole("complementary", { name: "Contact" });
      await panel.getByText("Consent").waitFor();
      expect(await panel.getByRole("button", { name: "Opt out" }).first().isVisible()).toBe(true);
      await expectFitsPhone(phone, "inbox-contact-phone");
      await panel.getByRole("button", { name: "Back to the conversation" }).click();
      await expect.poll(() => panel.isVisible()).toBe(false);

      await phone.getByRole("link", { name: "‹ Conversations" }).click();
      await row.waitFor();
      expect(await phone.locator(".thread").isVisible()).toBe(false);
    } finally {
      await phone.close();
    }
    // Between phone and desktop the list stays beside the thread; the panel still opens on request.
    const tablet = await browser.newPage({ viewport: { width: 900, height: 800 } });
    try {
      await logIn(tablet, stack.gatewayUrl, "rita@northwind-inbox.test", PASSWORD);
      await tablet.locator(".conversation", { hasText: "+14155554077" }).click();
      const panel = tablet.getByRole("complementary", { name: "Contact" });
      expect(await panel.isVisible()).toBe(false);
      await tablet.getByRole("button", { name: "Contact", exact: true }).click();
      await panel.getByText("Consent").waitFor();
      expect(await tablet.locator(".list").isVisible()).toBe(true);
    } finally {
      await tablet.close();
    }
  });

  it("shows an email's HTML sanitized: its markup stays, its script and handlers never run", async () => {
    await org.api("POST", "/contacts", { name: "Erin Mail", email: "erin@example.com" });
    await deliverMail({
      port: stack.emailSmtpPort,
      from: "erin@example.com",
      to: MAILBOX,
      subject: "My availability",
      text: "I am free on Friday.",
      html:
        '<p>I am free on <b id="bold">Friday</b>.</p>' +
        '<img src="x" onerror="document.title=\'pwned\';window.__pwned=1">' +
        "<script>window.__pwned=2</script>" +
        '<a href="javascript:window.__pwned=3">click</a>',
      attachments: [{ filename: "resume.txt", content: "Erin's resume" }],
    });
    const conversation = await conversationWith("erin@example.com");
    await open(conversation.id);
    const html = page.locator(".email-html");
    await html.waitFor({ timeout: 15_000 });
    await page.getByText("My availability").waitFor();
    expect(await html.locator("b").textContent()).toBe("Friday");
    expect(await html.locator("script, [onerror]").count()).toBe(0);
    expect(await html.locator("a").getAttribute("href")).toBeNull();
    await page.getByRole("link", { name: /resume\.txt/ }).waitFor();
    // The image failed to load (its src was dropped or refused); its handler would have run by now.
    expect(await page.evaluate("window.__pwned")).toBeUndefined();
    expect(await page.title()).not.toBe("pwned");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("replies by email with a subject and a copy", async () => {
    await page.getByLabel("Subject").fill("Re: My availability");
    await page.getByLabel("Cc").fill("dispatch@example.com");
    await page.getByLabel("Message").fill("Friday works, see you at 9.");
    await page.getByRole("button", { name: "Send" }).click();
    const mail = await stack.smtp.waitForMail((m) => m.subject === "Re: My availability");
    expect(mail.envelope.to.sort()).toEqual(["dispatch@example.com", "erin@example.com"]);
  });

  it("adds an internal note from the Note tab, shown apart and never sent", async () => {
    await inboundSms(stack, "+14155554001", LINE, "Can I bring my forklift licence?");
    const conversation = await conversationWith("+14155554001");
    await open(conversation.id);
    await page.getByRole("tab", { name: "Note" }).click();
    await page.getByLabel("Note for your team").fill("Checked: licence valid until 2028");
    await page.getByRole("button", { name: "Add note" }).click();
    await page.locator(".note", { hasText: "Checked: licence valid until 2028" }).waitFor();
    await page.locator(".note-title", { hasText: "Rita Recruiter" }).waitFor();
    const note = (await messagesOf(conversation.id)).find((m) => m.type === "note");
    expect(note).toMatchObject({ body: "Checked: licence valid until 2028", user_id: ritaId });
    expect(stack.twilio.messages.some((m) => m.body?.includes("licence valid"))).toBe(false);

    // A call that went to voicemail joins the same timeline, with its player.
    const call = await stack.twilio.placeInboundCall({
      url: `${stack.gatewayUrl}/webhooks/twilio/voice`,
      accountSid: TWILIO_ACCOUNT.sid,
      from: "+14155554001",
      to: LINE,
    });
    expect(call.status).toBe(200);
    await stack.twilio.sendRecording({
      url: `${stack.gatewayUrl}/webhooks/twilio/voice/recording`,
      accountSid: TWILIO_ACCOUNT.sid,
      callSid: call.callSid,
      durationSeconds: 9,
      recordingUrl: "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE123",
    });
    await page.locator(".event-call audio").waitFor({ timeout: 15_000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("inserts a saved message, shows a 422 at its field, then stores the reply scheduled with its schedule_at", async () => {
    await page.getByRole("tab", { name: "Reply" }).click();
    await page.getByRole("button", { name: /Saved reply/ }).click();
    await page.getByRole("option", { name: "Licence reminder" }).click();
    await expect
      .poll(() => page.getByLabel("Message").inputValue())
      .toBe("Reminder: bring your licence tomorrow");
    await page.getByText("Attachments and schedule").click();
    await page.getByLabel("Attachment URLs (one per line)").fill("ftp://files.example.com/map.pdf");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator(".field-error", { hasText: /attachments/ }).waitFor();
    await page.getByLabel("Attachment URLs (one per line)").fill("");

    const local = "2031-06-01T09:30";
    await page.getByLabel("Send later").fill(local);
    await page.getByRole("button", { name: "Schedule" }).click();
    await page.getByText("Scheduled.").waitFor();
    const conversation = await conversationWith("+14155554001");
    const scheduled = await waitFor(async () =>
      (await messagesOf(conversation.id)).find((m) => m.delivery_status === "scheduled"),
    );
    const expected = await page.evaluate((value) => new Date(value).toISOString(), local);
    expect(Date.parse(scheduled.schedule_at ?? "")).toBe(Date.parse(expected));
    expect(scheduled.body).toBe("Reminder: bring your licence tomorrow");
  });

  it("assigns the conversation to a team, and the team filter lists it", async () => {
    const team = await org.api<{ data: { id: string } }>("POST", "/teams", { name: "Night shift" });
    const conversation = await conversationWith("+14155554001");
    await page.reload();
    await page.locator(".thread .timeline").waitFor();
    await page.locator(".thread-header").getByRole("button", { name: /Team/ }).click();
    await page.getByRole("option", { name: "Night shift" }).click();
    await waitFor(
      async () => (await conversationsOf(`assigned_team_id=${team.body.data.id}`))[0]?.id === conversation.id,
    );
    await page.locator(".sidebar").getByRole("button", { name: /Team/ }).click();
    await page.getByRole("option", { name: "Night shift" }).click();
    await expect.poll(() => page.url()).toContain(`team=${team.body.data.id}`);
    await expect.poll(() => page.locator(".conversation").count()).toBe(1);
  });

  it("marks a conversation as spam from the menu; the Spam folder lists it", async () => {
    await inboundSms(stack, "+14155554002", LINE, "WIN A FREE CRUISE");
    const conversation = await conversationWith("+14155554002");
    await open(conversation.id);
    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Mark as spam" }).click();
    await waitFor(async () => (await conversationsOf("status=spam"))[0]?.id === conversation.id);
    await page.getByRole("button", { name: "Spam", exact: true }).click();
    await page.locator(".conversation", { hasText: "+14155554002" }).waitFor();
    await expect.poll(() => page.locator(".conversation").count()).toBe(1);
  });

  it("finds a conversation by a message's text and keeps the search in the URL", async () => {
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByLabel("Search conversations").fill("forklift");
    await page.getByLabel("Search conversations").press("Enter");
    await page.getByRole("heading", { name: "Search: forklift" }).waitFor();
    await expect.poll(() => page.locator(".conversation").count()).toBe(1);
    await page.locator(".conversation", { hasText: "+14155554001" }).waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("forklift");
    await page.getByLabel("Search conversations").fill("nobody-writes-this");
    await page.getByLabel("Search conversations").press("Enter");
    await page.getByText("Nothing matches.").waitFor();
  });

  it("shows the WhatsApp window closed for an old conversation and sends a template from the picker", async () => {
    const from = "+14155554003";
    await whatsAppIn(from, "Hello, is the job still open?");
    const conversation = await conversationWith(from);
    // The contact wrote 30 hours ago: outside Meta's 24-hour window.
    const db = new pg.Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      await db.query(
        `update "${stack.schemas.conversations}".messages set created_at = now() - interval '30 hours'
         where conversation_id = $1`,
        [conversation.id],
      );
    } finally {
      await db.end();
    }
    const savedTemplate = await org.api("POST", "/automations/templates", {
      title: "shift_offer",
      message: "A shift is open on Friday",
      channel_type: "whatsapp",
    });
    expect(savedTemplate.status).toBe(201);
    await open(conversation.id);
    await page.locator(".window-state.closed").waitFor();
    expect(await page.locator(".window-state").textContent()).toMatch(/closed.*only a template/);
    expect(await page.getByLabel("Message").count()).toBe(0);
    // A saved WhatsApp template fills the name (the shared select); the name can be typed too.
    await page.getByRole("button", { name: /Saved template/ }).click();
    await page.getByRole("option", { name: "shift_offer" }).click();
    expect(await page.getByLabel("Template name", { exact: true }).inputValue()).toBe("shift_offer");
    await page.getByLabel("Template name", { exact: true }).fill("shift_offe");
    await page.getByLabel("Template name", { exact: true }).fill("shift_offer");
    await page.getByLabel("Template parameters").fill("Friday");
    await page.getByRole("button", { name: "Send" }).click();
    const sent = await stack.whatsapp.waitForMessage((m) => m.to === from.slice(1) && m.type === "template");
    expect(sent.body).toMatchObject({ template: { name: "shift_offer", language: { code: "en_US" } } });
    await page.locator(".template-line", { hasText: "shift_offer" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await whatsAppIn(from, "Yes please, Friday works");
    await page.locator(".window-state.open").waitFor({ timeout: 15_000 });
    await page.getByLabel("Message").waitFor();
    expect(await messagesOf(conversation.id)).toContainEqual(
      expect.objectContaining({ whatsapp: expect.objectContaining({ kind: "template" }) }),
    );
  });

  it("links the contact's other conversations in the panel", async () => {
    // The same person texts the SMS line: one contact, two conversations.
    const whatsapp = await conversationWith("+14155554003");
    await inboundSms(stack, "+14155554003", LINE, "Also texting you here");
    const both = await waitFor(async () => {
      const list = await conversationsOf(`contact_id=${whatsapp.contact_id}`);
      return list.length === 2 && list;
    });
    const sms = both.find((c) => c.id !== whatsapp.id);
    await page.getByRole("link", { name: /SMS · Recruiting line/ }).click();
    await expect.poll(() => page.url()).toContain(`/inbox/${sms?.id}`);
    await page.getByText("Also texting you here").waitFor();
  });

  it("shows, under a channel's consent in the panel, the STOP the contact texted", async () => {
    await waitFor(async () =>
      (await conversationsOf(`channel_id=${phoneChannel}`)).find((c) => page.url().includes(c.id)),
    );
    // The panel and the channel's history are open before the STOP: both change live, no reload.
    const panel = page.getByRole("complementary", { name: "Contact" });
    const recruiting = panel.locator(".consent li", { hasText: "Recruiting line" });
    await recruiting.locator(".consent-state").first().waitFor();
    expect(await recruiting.locator(".consent-state.out").count()).toBe(0);
    await panel.getByLabel("Consent history on Recruiting line").click();
    const changes = panel.getByRole("list", { name: "Consent changes on Recruiting line" });
    await panel.getByText("No changes recorded.").first().waitFor();
    await inboundSms(stack, "+14155554003", LINE, "STOP");
    await expect
      .poll(() => recruiting.locator(".consent-state").first().textContent(), { timeout: 15_000 })
      .toBe("Opted out");
    await expect
      .poll(() => changes.locator("li").allTextContents(), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/^Opted out by the contact texting “STOP”/)]);
    // The contact was in no campaign.
    await panel.getByRole("list", { name: "Campaign history" }).waitFor({ state: "attached" });
    await panel.getByText("None.").last().waitFor();
  });

  it("at phone width", async () => {
    const conversation = await conversationWith("erin@example.com");
    await page.setViewportSize({ width: 390, height: 844 });
    await open(conversation.id);
    await page.locator(".email-html").first().waitFor();
    await screenshot(page, "inbox-phone");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

describe("an agent's notes", () => {
  it("writes on their channel as themselves, and is refused (403) on another", async () => {
    const agentId = await createLogin(
      stack,
      org,
      { name: "Andy Agent", email: "andy@northwind-inbox.test", role: "agent" },
      "agent passphrase 2",
    );
    const otherChannel = await createPhoneChannel(org, OTHER_LINE, "Payroll line");
    expect((await org.api("PUT", `/channels/${phoneChannel}/users`, { user_ids: [agentId] })).status).toBe(
      200,
    );
    const agent = new SessionClient(stack.gatewayUrl);
    expect((await agent.login("andy@northwind-inbox.test", "agent passphrase 2")).status).toBe(201);
    await waitFor(async () => {
      const me = await agent.call<{ data: { channel_ids: string[] } }>("GET", "/app/api/session");
      return me.body.data.channel_ids.includes(phoneChannel);
    });
    const written = await agent.call<{ data: Message }>("POST", "/v1/messaging/note", {
      from: LINE,
      to: "+14155554001",
      body: "Agent's note",
      user_id: ritaId,
    });
    expect(written.status).toBe(201);
    expect(written.body.data).toMatchObject({ type: "note", user_id: agentId });
    const refused = await agent.call("POST", "/v1/messaging/note", {
      from: OTHER_LINE,
      to: "+14155554001",
      body: "Not my channel",
    });
    expect(refused.status).toBe(403);
    expect(await conversationsOf(`contact_id=${written.body.data.contact_id}`)).not.toContainEqual(
      expect.objectContaining({ channel_id: otherChannel }),
    );
  });
});
