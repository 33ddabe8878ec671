import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignBody, CampaignContactBody } from "./campaign-helpers.js";
import {
  expectFitsPhone,
  launchBrowser,
  logIn,
  PHONE,
  screenshot,
  seriousA11yViolations,
} from "./web-browser-helpers.js";
import { createLogin, createPhoneChannel, inboundSms, readEvents, SessionClient } from "./web-helpers.js";

const LINE = "+14155550151";
const OTHER_LINE = "+14155550152";
const ADMIN = { name: "Cora Coordinator", email: "cora@northwind.test", role: "admin" as const };
const AGENT = { name: "Andy Agent", email: "andy@northwind.test", role: "agent" as const };
const PASSWORD = "campaigns passphrase 1";
/** California numbers: each recipient's window is read in America/Los_Angeles. */
const number = (i: number) => `+1415555${String(4000 + i).padStart(4, "0")}`;

let stack: Stack;
let org: Organization;
let channelId: string;
let browser: Browser;
let page: Page;
let agentId: number;

const campaignNamed = async (title: string) => {
  const list = await org.api<{ data: CampaignBody[] }>(
    "GET",
    `/campaigns?title=${encodeURIComponent(title)}`,
  );
  return list.body.data[0];
};
const waitForCampaignNamed = (title: string) =>
  waitFor(() => campaignNamed(title), { description: `campaign ${title}` });

const sections = (p: Page) => p.getByRole("navigation", { name: "Sections" });

/** The wizard's message, audience and window (the whole day, so the test sends at any hour). */
async function composeInWizard(
  p: Page,
  title: string,
  options: { tag?: string; contacts?: string; body: string },
) {
  await sections(p).getByRole("link", { name: "Campaigns" }).click();
  await p.getByRole("link", { name: "New campaign" }).click();
  await p.getByRole("heading", { name: "New campaign" }).waitFor();
  await p.getByLabel("Title").fill(title);
  // The organization's first channel is chosen by itself.
  await expect.poll(() => p.getByRole("button", { name: /Channel/ }).textContent()).toMatch(/Campaign line/);
  if (options.tag) await p.getByRole("checkbox", { name: options.tag }).check({ force: true });
  if (options.contacts) await p.getByLabel("Add contacts").fill(options.contacts);
  await p.getByLabel("Message", { exact: true }).fill(options.body);
  await p.getByLabel("Sending window opens").fill("00:00");
  await p.getByLabel("Sending window closes").fill("23:59");
}

beforeAll(async () => {
  // Status callbacks slow enough that the counts are seen moving (sent, then delivered).
  stack = await startStack({ statusDelayMs: 400 });
  org = await stack.createOrganization("Northwind Campaigns");
  channelId = await createPhoneChannel(org, LINE, "Campaign line");
  await createPhoneChannel(org, OTHER_LINE, "Second line");
  await createLogin(stack, org, ADMIN, PASSWORD);
  agentId = await createLogin(stack, org, AGENT, PASSWORD);
  for (const [i, name] of ["Ana Lopez", "Ben Ode", "Cleo Park"].entries()) {
    const contact = await org.api("POST", "/contacts", { phone: number(i + 1), name, tags: ["forklift"] });
    expect(contact.status).toBe(201);
  }
  const template = await org.api("POST", "/automations/templates", {
    title: "Shift reminder",
    message: "Hi {{contact.first_name}}, shifts are open",
    channel_type: "phone",
  });
  expect(template.status).toBe(201);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // A step that cannot happen fails with its own message, well before the test's timeout.
  page.setDefaultTimeout(8_000);
  await logIn(page, stack.gatewayUrl, ADMIN.email, PASSWORD);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("campaigns in the web app", () => {
  it("the wizard shows a 422 at its field", async () => {
    await composeInWizard(page, "", { tag: "forklift", body: "Hi" });
    await page.getByLabel("Sending window opens").fill("22:00");
    await page.getByLabel("Sending window closes").fill("06:00");
    await page.getByRole("button", { name: "Save draft and preview" }).click();
    await page.locator("#f-title-error").waitFor();
    expect(await page.locator("#f-title-error").textContent()).toMatch(/\S/);
    expect(await page.getByLabel("Title").getAttribute("aria-invalid")).toBe("true");
    await expect
      .poll(() => page.locator("#f-sending-window-opens-error").textContent())
      .toMatch(/start must be before end/);
    expect(await campaignNamed("")).toBeUndefined();
  });

  it("creates a campaign in the wizard, previews it, sends it; its counts move to delivered without a reload", async () => {
    await composeInWizard(page, "Forklift shifts", {
      tag: "forklift",
      body: "Hi , a forklift shift is open tomorrow at 7am. Reply YES to take it.",
    });
    // The variable goes in where the cursor is.
    const body = page.getByLabel("Message", { exact: true });
    await body.click();
    await body.press("Home");
    for (let i = 0; i < 3; i++) await body.press("ArrowRight");
    await page.getByRole("button", { name: "First name" }).click();
    await expect
      .poll(() => body.inputValue())
      .toMatch(/^Hi \{\{contact\.first_name \| default: "there"\}\}, a forklift/);
    await page.locator("#main").evaluate((main) => main.scrollTo(0, 0));
    await screenshot(page, "campaign-wizard");
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Save draft and preview" }).click();
    await page.getByText("Will receive it").waitFor();
    await expect.poll(() => page.locator('[data-preview="recipients"]').textContent()).toBe("3");
    await page.getByText("Hi Ana, a forklift shift is open tomorrow").waitFor();
    expect(await page.getByText(/SMS segments/).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const draft = await waitForCampaignNamed("Forklift shifts");
    expect(draft).toMatchObject({ status: "draft" });
    const tags = await org.api<{ data: Array<{ id: string; name: string }> }>("GET", "/tags?limit=100");
    const forklift = tags.body.data.find((t) => t.name === "forklift");
    const stored = await org.api<{
      data: { channel_id: string; audience: unknown; sending_window: unknown };
    }>("GET", `/campaigns/${draft?.id}`);
    expect(stored.body.data).toMatchObject({
      channel_id: channelId,
      audience: { tag_ids: [forklift?.id] },
      sending_window: { start: "00:00", end: "23:59" },
    });
    expect(new URL(page.url()).searchParams.get("draft")).toBe(draft?.id);

    // Edit while a draft (PUT), back to the preview, then send.
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Title").fill("Forklift shifts tomorrow");
    await page.getByRole("button", { name: "Save and preview" }).click();
    await page.getByText("Will receive it").waitFor();
    await expect.poll(async () => (await campaignNamed("Forklift shifts tomorrow"))?.id).toBe(draft?.id);
    await page.getByRole("button", { name: "Send", exact: true }).click();

    await page.getByRole("heading", { name: "Forklift shifts tomorrow" }).waitFor();
    const delivered = page.locator('[data-count="delivered"] strong');
    await expect.poll(() => delivered.textContent(), { timeout: 20_000 }).toBe("3");
    expect(await page.locator('[data-count="sent"] strong').textContent()).toBe("3");
    await expect.poll(() => page.locator('tr[data-state="delivered"]').count(), { timeout: 10_000 }).toBe(3);
    const sent = await stack.twilio.waitForMessage((m) => m.to === number(2));
    expect(sent.body).toMatch(/^Hi Ben, a forklift shift/);

    // A reply is counted live and links to its conversation.
    await inboundSms(stack, number(1), LINE, "YES");
    await expect
      .poll(() => page.locator('[data-count="replies"] strong').textContent(), { timeout: 15_000 })
      .toBe("1");
    const reply = page.getByRole("link", { name: /Open the reply with Ana Lopez/ });
    await reply.waitFor({ timeout: 10_000 });
    const recipients = await org.api<{
      data: Array<CampaignContactBody & { conversation_id?: string; name?: string }>;
    }>("GET", `/campaigns/${draft?.id}/contacts?responded=true`);
    expect(recipients.body.data.map((r) => r.name)).toEqual(["Ana Lopez"]);
    expect(await reply.getAttribute("href")).toBe(`/app/inbox/${recipients.body.data[0]?.conversation_id}`);
    await page.getByRole("button", { name: /Show/ }).click();
    await page.getByRole("option", { name: "Replied" }).click();
    await expect.poll(() => page.locator("tr[data-recipient]").count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("filter")).toBe("responded");
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Any state, not only the piece's flags: the select asks for `state=`.
    const listed = (state: string) =>
      page.waitForRequest(
        (req) => req.url().includes("/contacts?") && new URL(req.url()).searchParams.get("state") === state,
      );
    await page.getByRole("button", { name: /Show/ }).click();
    expect(await page.getByRole("option").allTextContents()).toEqual([
      "All recipients",
      "Waiting",
      "Queued",
      "Sent",
      "Delivered",
      "Failed",
      "Skipped",
      "Replied",
      "Opted out",
      "Clicked a link",
    ]);
    const failedAsked = listed("failed");
    await page.getByRole("option", { name: "Failed" }).click();
    await failedAsked;
    await page.getByText("No recipient here.").waitFor();
    expect(new URL(page.url()).searchParams.get("filter")).toBe("failed");
    await page.getByRole("button", { name: /Show/ }).click();
    const deliveredAsked = listed("delivered");
    await page.getByRole("option", { name: "Delivered" }).click();
    await deliveredAsked;
    await expect.poll(() => page.locator('tr[data-state="delivered"]').count()).toBe(3);
    expect(await page.locator("tr[data-recipient]").count()).toBe(3);
    await reply.click();
    await page.getByText("YES", { exact: true }).waitFor();

    await sections(page).getByRole("link", { name: "Campaigns" }).click();
    const row = page.locator("tr", { hasText: "Forklift shifts tomorrow" });
    await row.waitFor();
    expect(await row.locator('[data-count="delivered"]').textContent()).toBe("3");
    expect(await row.locator('[data-count="replies"]').textContent()).toMatch(/^1/);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("a missing variable is shown at the preview, and the send is refused with the reason", async () => {
    await composeInWizard(page, "Missing names", {
      contacts: `${number(5)}, Dana Diaz\n${number(6)}`,
      body: "",
    });
    // A saved template's message fills the body.
    await page.getByRole("button", { name: /Start from a saved template/ }).click();
    await page.getByRole("option", { name: "Shift reminder" }).click();
    await expect
      .poll(() => page.getByLabel("Message", { exact: true }).inputValue())
      .toBe("Hi {{contact.first_name}}, shifts are open");
    await page.getByRole("button", { name: "Save draft and preview" }).click();
    const missing = page.locator(".card.warning");
    await missing.waitFor();
    expect(await missing.textContent()).toMatch(/contact\.first_name: 1 recipient\b/);
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const refusal = page.locator(".preview .form-error");
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Not sent: .*first_name/);
    expect(await campaignNamed("Missing names")).toMatchObject({ status: "draft" });
  });

  it("pauses and resumes a scheduled campaign, and cancels it", async () => {
    const created = await org.api<{ data: { id: string } }>("POST", "/campaigns", {
      title: "Next week's shifts",
      channel_id: channelId,
      body: "Shifts next week",
      schedule_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      audience: { tags: ["forklift"] },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect((await org.api("POST", `/campaigns/${id}/send`)).status).toBe(200);
    const status = async () =>
      (await org.api<{ data: { status: string } }>("GET", `/campaigns/${id}`)).body.data.status;

    await page.goto(`${stack.gatewayUrl}/app/campaigns/${id}`);
    await page.locator('.pill[data-status="scheduled"]').waitFor();
    await page.getByRole("button", { name: "Pause" }).click();
    await page.locator('.pill[data-status="paused"]').waitFor();
    expect(await status()).toBe("paused");
    await page.getByRole("button", { name: "Resume" }).click();
    await page.locator('.pill[data-status="scheduled"]').waitFor();
    expect(await status()).toBe("scheduled");

    // Paused elsewhere: the stream shows it without a reload.
    expect((await org.api("POST", `/campaigns/${id}/pause`)).status).toBe(200);
    await page.locator('.pill[data-status="paused"]').waitFor({ timeout: 10_000 });

    await page.getByRole("button", { name: "Cancel campaign" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this campaign?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel campaign" }).click();
    await page.locator('.pill[data-status="cancelled"]').waitFor();
    expect(await status()).toBe("cancelled");
    expect(await page.getByRole("button", { name: "Resume" }).count()).toBe(0);

    // Its recipients were skipped: the select finds them by state, and none still waiting.
    await page.getByRole("button", { name: /Show/ }).click();
    await page.getByRole("option", { name: "Skipped" }).click();
    await expect.poll(() => page.locator('tr[data-state="skipped"]').count(), { timeout: 10_000 }).toBe(3);
    expect(await page.locator("tr[data-recipient]").count()).toBe(3);
    await page.getByRole("button", { name: /Show/ }).click();
    await page.getByRole("option", { name: "Waiting" }).click();
    await page.getByText("No recipient here.").waitFor();
    expect(new URL(page.url()).searchParams.get("filter")).toBe("pending");
  });

  it("a 409 is explained: the campaign moved on before the click landed", async () => {
    const created = await org.api<{ data: { id: string } }>("POST", "/campaigns", {
      title: "Raced",
      channel_id: channelId,
      body: "Later",
      schedule_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      audience: { tags: ["forklift"] },
    });
    const id = created.body.data.id;
    await org.api("POST", `/campaigns/${id}/send`);
    await page.goto(`${stack.gatewayUrl}/app/campaigns/${id}`);
    await page.locator('.pill[data-status="scheduled"]').waitFor();
    // The click's request is held until the campaign was cancelled elsewhere.
    await page.route(`**/v1/campaigns/${id}/pause`, async (route) => {
      await org.api("POST", `/campaigns/${id}/cancel`);
      await route.continue();
    });
    await page.getByRole("button", { name: "Pause" }).click();
    const alert = page.locator(".action-error");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /Could not pause: a cancelled campaign cannot pause\. It changed meanwhile/,
    );
    await page.locator('.pill[data-status="cancelled"]').waitFor();
    await page.unroute(`**/v1/campaigns/${id}/pause`);
  });

  it("lists every campaign with its status and counts, filtered by status in the URL", async () => {
    await page.goto(`${stack.gatewayUrl}/app/campaigns`);
    await page.locator("tr[data-campaign]").first().waitFor();
    await expect.poll(() => page.locator("tr[data-campaign]").count()).toBe(4);
    await screenshot(page, "campaigns");
    expect(await seriousA11yViolations(page)).toEqual([]);

    // At phone width the list and a campaign's recipients are cards; nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    await expectFitsPhone(page, "campaigns-phone");
    await page.locator("tr[data-campaign] a").last().click();
    await page.locator('tbody th[scope="row"]').first().waitFor();
    await expectFitsPhone(page, "campaign-recipients-phone");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${stack.gatewayUrl}/app/campaigns`);
    await expect.poll(() => page.locator("tr[data-campaign]").count()).toBe(4);
    await page.getByRole("button", { name: /Status/ }).click();
    await page.getByRole("option", { name: "Cancelled" }).click();
    await expect.poll(() => page.locator("tr[data-campaign]").count()).toBe(2);
    expect(new URL(page.url()).searchParams.get("status")).toBe("cancelled");
    await page.reload();
    await expect.poll(() => page.locator("tr[data-campaign]").count()).toBe(2);
  });
});

describe("agents and the live stream", () => {
  let agent: SessionClient;
  let admin: SessionClient;

  beforeAll(async () => {
    expect((await org.api("PUT", `/channels/${channelId}/users`, { user_ids: [agentId] })).status).toBe(200);
    agent = new SessionClient(stack.gatewayUrl);
    expect((await agent.login(AGENT.email, PASSWORD)).status).toBe(201);
    await waitFor(async () => {
      const me = await agent.call<{ data: { channel_ids: string[] } }>("GET", "/app/api/session");
      return me.body.data.channel_ids.includes(channelId);
    });
    admin = new SessionClient(stack.gatewayUrl);
    expect((await admin.login(ADMIN.email, PASSWORD)).status).toBe(201);
  });

  it("an agent gets no Campaigns section, and the API refuses them (403)", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agentPage = await context.newPage();
    try {
      await logIn(agentPage, stack.gatewayUrl, AGENT.email, PASSWORD);
      expect(await sections(agentPage).getByRole("link", { name: "Inbox" }).count()).toBe(1);
      expect(await sections(agentPage).getByRole("link", { name: "Campaigns" }).count()).toBe(0);
      await agentPage.goto(`${stack.gatewayUrl}/app/campaigns`);
      await agentPage.getByText("Only admins can see and send campaigns.").waitFor();
    } finally {
      await context.close();
    }
    expect((await agent.call("GET", "/v1/campaigns")).status).toBe(403);
    const created = await agent.call("POST", "/v1/campaigns", {
      title: "Not mine",
      channel_id: channelId,
      body: "x",
      audience: { tags: ["forklift"] },
    });
    expect(created.status).toBe(403);
    expect((await admin.call("GET", "/v1/campaigns")).status).toBe(200);
  });

  it("campaign events reach admins' streams slimmed to ids, never an agent's", async () => {
    let campaignId = "";
    const adminSeen = await readEvents(
      `${stack.gatewayUrl}/app/api/events`,
      admin.cookie,
      (events) => events.some((e) => e.event === "campaign_contact.updated" && e.data?.includes(campaignId)),
      {
        onOpen: async () => {
          const created = await admin.call<{ data: { id: string } }>("POST", "/v1/campaigns", {
            title: "Stream check",
            channel_id: channelId,
            body: "Hello",
            sending_window: { start: "00:00", end: "23:59" },
            audience: { contacts: [{ phone: number(8), name: "Eli Stream" }] },
          });
          expect(created.status).toBe(201);
          campaignId = created.body.data.id;
          expect((await admin.call("POST", `/v1/campaigns/${campaignId}/send`)).status).toBe(200);
        },
        timeoutMs: 20_000,
      },
    );
    const ofCampaign = adminSeen.events.filter((e) => e.data?.includes(campaignId));
    const created = ofCampaign.find((e) => e.event === "campaign.created");
    expect(JSON.parse(created?.data ?? "{}")).toEqual({ id: campaignId });
    expect(ofCampaign.some((e) => e.event === "campaign.updated")).toBe(true);
    const recipient = ofCampaign.find((e) => e.event === "campaign_contact.updated");
    expect(Object.keys(JSON.parse(recipient?.data ?? "{}")).sort()).toEqual(["campaign_id", "id"]);

    // From the first event on: the replay carries every stored event the agent may see, then the text below.
    const agentSeen = await readEvents(
      `${stack.gatewayUrl}/app/api/events`,
      agent.cookie,
      // After "ready" (the replay before it), the first message is the text sent below.
      (events) => {
        const ready = events.findIndex((e) => e.event === "ready");
        return ready >= 0 && events.slice(ready).some((e) => e.event === "message.created");
      },
      {
        onOpen: async () => void (await inboundSms(stack, number(9), LINE, "Any shifts left?")),
        lastEventId: "0",
      },
    );
    const ready = agentSeen.events.findIndex((e) => e.event === "ready");
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(agentSeen.events.slice(ready).some((e) => e.event === "message.created")).toBe(true);
    expect(agentSeen.events.filter((e) => e.event?.startsWith("campaign"))).toEqual([]);
    expect(Number(agentSeen.events.at(-1)?.id)).toBeGreaterThan(Number(recipient?.id));
  });
});
