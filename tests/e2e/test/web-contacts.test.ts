import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
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
import { createLogin, createPhoneChannel, inboundSms } from "./web-helpers.js";

const LINE = "+14155550161";
const PASSWORD = "contacts passphrase 1";
let stack: Stack;
let org: Organization;
let browser: Browser;
let page: Page;
const ids: Record<string, string> = {};

interface ContactBody {
  id: string;
  name?: string;
  phone?: string;
  email?: string;
  tags: string[];
  properties: Record<string, unknown>;
}

async function contact(id: string) {
  return (await org.api<{ data: ContactBody }>("GET", `/contacts/${id}`)).body.data;
}

async function findByPhone(phone: string) {
  const found = await org.api<{ data: ContactBody[] }>("POST", "/contacts/search", { phone });
  return found.body.data[0];
}

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("Harbor Staffing");
  await createPhoneChannel(org, LINE, "Recruiting line");
  await createLogin(stack, org, { name: "Ada Admin", email: "ada@harbor.test", role: "admin" }, PASSWORD);
  await createLogin(stack, org, { name: "Gus Agent", email: "gus@harbor.test", role: "agent" }, PASSWORD);
  for (const [key, body] of Object.entries({
    jordan: { name: "Jordan Lee", phone: "+14155554001", tags: ["night-shift"] },
    priya: { name: "Priya Patel", phone: "+14155554002", email: "priya@harbor.test" },
    maria: { name: "Maria Lopez", phone: "+14155554003", tags: ["night-shift", "forklift"] },
  })) {
    const created = await org.api<{ data: { id: string } }>("POST", "/contacts", body);
    if (created.status !== 201) throw new Error(`contact: ${created.status} ${JSON.stringify(created.body)}`);
    ids[key] = created.body.data.id;
  }
  await inboundSms(stack, "+14155554001", LINE, "Is the Friday night shift still open?");
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // A step that cannot happen fails with its locator, well inside the test's own timeout.
  page.setDefaultTimeout(10_000);
  await logIn(page, stack.gatewayUrl, "ada@harbor.test", PASSWORD);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the contacts screens in a real browser", () => {
  it("lists contacts, a search finds one and a tag filters them; the URL keeps both", async () => {
    await page.getByRole("link", { name: "Contacts", exact: true }).click();
    await page.getByRole("heading", { name: "Contacts" }).waitFor();
    const rows = page.locator(".contacts-table tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByRole("searchbox", { name: "Search" }).fill("priya");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole("link", { name: "Priya Patel" }).waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("priya");

    await page.getByRole("textbox", { name: "Tag", exact: true }).fill("night-shift");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByText("2 contacts tagged “night-shift”").waitFor();
    await page.reload();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByRole("link", { name: "Priya Patel" }).count()).toBe(0);

    // A phone the API cannot read is its 422, at the search field.
    await page.goto(`${stack.gatewayUrl}/app/contacts?q=12345&by=phone`);
    await expect.poll(() => page.locator("#search-error").textContent()).toMatch(/phone/i);

    await page.getByRole("button", { name: "Clear" }).click();
    await expect.poll(() => rows.count()).toBe(3);
    await screenshot(page, "contacts");
    expect(await seriousA11yViolations(page)).toEqual([]);

    // At phone width each contact is a card; nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    await page.getByRole("link", { name: "Priya Patel" }).waitFor();
    await expectFitsPhone(page, "contacts-phone");
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("creates a contact from the dialog, and a blank one is refused at its field", async () => {
    await page.getByRole("button", { name: "New contact" }).click();
    const dialog = page.getByRole("dialog", { name: "New contact" });
    await dialog.getByRole("button", { name: "Create contact" }).click();
    await expect
      .poll(() => dialog.locator("#new-phone-error").textContent())
      .toMatch(/phone or email is required/);
    await dialog.getByLabel("Name").fill("Sam Stone");
    await dialog.getByLabel("Phone").fill("+14155554004");
    await dialog.getByRole("button", { name: "Create contact" }).click();
    await page.getByRole("heading", { name: "Sam Stone" }).waitFor();
    const created = await findByPhone("+14155554004");
    expect(created?.name).toBe("Sam Stone");
    expect(page.url()).toContain(`/app/contacts/${created?.id}`);
  });

  it("edits a name; a bad email is shown at the email field; a taken phone links its holder", async () => {
    await page.goto(`${stack.gatewayUrl}/app/contacts/${ids.jordan}`);
    await page.getByRole("heading", { name: "Jordan Lee" }).waitFor();
    const details = page.getByRole("region", { name: "Details" });
    await details.getByLabel("Name").fill("Jordan Lee-Smith");
    await details.getByRole("button", { name: "Save" }).click();
    await waitFor(async () => (await contact(ids.jordan ?? "")).name === "Jordan Lee-Smith");
    await page.getByRole("heading", { name: "Jordan Lee-Smith" }).waitFor();

    await details.getByLabel("Email").fill("not-an-email");
    await details.getByRole("button", { name: "Save" }).click();
    const emailError = page.locator("#edit-email-error");
    await expect.poll(() => emailError.textContent()).toMatch(/valid email/);
    expect(await details.getByLabel("Email").getAttribute("aria-describedby")).toBe("edit-email-error");
    expect((await contact(ids.jordan ?? "")).email).toBeUndefined();

    await details.getByLabel("Email").fill("");
    await details.getByLabel("Phone").fill("+14155554002");
    await details.getByRole("button", { name: "Save" }).click();
    await page.locator("#edit-phone-error").getByRole("link", { name: "Open that contact" }).waitFor();
    expect(await page.locator("#edit-phone-error a").getAttribute("href")).toBe(`/app/contacts/${ids.priya}`);
    expect((await contact(ids.jordan ?? "")).phone).toBe("+14155554001");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("adds and removes tags, sets and removes a property, opts out and back in", async () => {
    await page.reload();
    const id = ids.jordan ?? "";
    const tags = page.getByRole("region", { name: "Tags" });
    await tags.getByLabel("Add a tag").fill("forklift");
    await tags.getByRole("button", { name: "Add" }).click();
    await waitFor(async () => (await contact(id)).tags.includes("forklift"));
    await tags.getByRole("button", { name: "Remove tag night-shift" }).click();
    await waitFor(async () => !(await contact(id)).tags.includes("night-shift"));
    expect((await contact(id)).tags).toEqual(["forklift"]);

    const properties = page.getByRole("region", { name: "Properties" });
    await properties.getByLabel("Key").fill("shift");
    await properties.getByLabel("Value").fill("late");
    await properties.getByRole("button", { name: "Set" }).click();
    await waitFor(async () => (await contact(id)).properties.shift === "late");
    await properties.getByRole("button", { name: "Remove property shift" }).click();
    await waitFor(async () => !("shift" in (await contact(id)).properties));

    const consent = page.getByRole("region", { name: "Consent" });
    await consent.getByRole("button", { name: "Opt out on Recruiting line" }).click();
    await consent.getByText("Opted out").waitFor();
    const preferences = await org.api<{ data: Array<{ opt_in: boolean }> }>(
      "GET",
      `/contacts/${id}/communication_preferences`,
    );
    expect(preferences.body.data.map((p) => p.opt_in)).toEqual([false]);
    // Who changed it, from the history: Ada in this app, not "the API or this app".
    const lastChanged = consent.locator(".last-consent-change");
    await expect.poll(() => lastChanged.textContent()).toMatch(/^Last changed by Ada Admin in this app, /);
    await consent.getByRole("button", { name: "Opt in on Recruiting line" }).click();
    await consent.getByText("Opted in").waitFor();
    await expect.poll(() => lastChanged.textContent()).toMatch(/^Last changed by Ada Admin in this app, /);
    expect(await consent.getByText(/through the API or this app/).count()).toBe(0);
  });

  it("shows each channel's consent history with its source, and the campaigns that reached the contact", async () => {
    // Priya texts STOP: her page's history under the line says so.
    await inboundSms(stack, "+14155554002", LINE, "STOP");
    await waitFor(async () => {
      const listed = await org.api<{ data: Array<{ opt_in: boolean }> }>(
        "GET",
        `/contacts/${ids.priya}/communication_preferences`,
      );
      return listed.body.data.some((p) => !p.opt_in);
    });
    await page.goto(`${stack.gatewayUrl}/app/contacts/${ids.priya}`);
    const consent = page.getByRole("region", { name: "Consent" });
    await consent.getByLabel("Consent history on Recruiting line").click();
    const priyas = consent.getByRole("list", { name: "Consent changes on Recruiting line" });
    await priyas.getByText("by the contact texting “STOP”").waitFor();
    expect(await priyas.locator("li").count()).toBe(1);
    await expect.poll(() => priyas.locator("li").first().textContent()).toMatch(/^Opted out/);

    // A campaign to Jordan, whom Ada opted out and back in on the page.
    const draft = await org.api<{ data: { id: string } }>("POST", "/campaigns", {
      title: "Friday night crew",
      type: "sms",
      from: LINE,
      body: "Friday night shift open",
      sending_window: { start: "00:00", end: "23:59" },
      audience: { contact_ids: [ids.jordan] },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const campaignId = draft.body.data.id;
    expect((await org.api("POST", `/campaigns/${campaignId}/send`)).status).toBe(200);
    await waitFor(
      async () =>
        (await org.api<{ data: { status: string } }>("GET", `/campaigns/${campaignId}`)).body.data.status ===
        "completed",
      { timeoutMs: 20_000, description: "the campaign to complete" },
    );
    await page.goto(`${stack.gatewayUrl}/app/contacts/${ids.jordan}`);
    const campaigns = page.getByRole("region", { name: "Campaigns" });
    const link = campaigns.getByRole("link", { name: "Friday night crew" });
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe(`/app/campaigns/${campaignId}`);
    await expect.poll(() => campaigns.locator(".campaign-outcome").textContent()).toMatch(/sent|delivered/);
    await page
      .getByRole("region", { name: "Consent" })
      .getByLabel("Consent history on Recruiting line")
      .click();
    const jordans = page.getByRole("list", { name: "Consent changes on Recruiting line" });
    await expect
      .poll(() => jordans.locator("li").allTextContents())
      .toEqual([
        expect.stringMatching(/^Opted in by Ada Admin in this app/),
        expect.stringMatching(/^Opted out by Ada Admin in this app/),
      ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("links the contact's conversations to the inbox", async () => {
    const conversations = page.getByRole("region", { name: "Conversations" });
    const link = conversations.getByRole("link", { name: "SMS conversation" });
    await link.waitFor({ timeout: 15_000 });
    const listed = await org.api<{ data: Array<{ id: string; contact_id: string }> }>(
      "GET",
      "/conversations",
    );
    const theirs = listed.body.data.find((c) => c.contact_id === ids.jordan);
    expect(await link.getAttribute("href")).toBe(`/app/inbox/${theirs?.id}`);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("says so for a contact of another organization (the API's 404)", async () => {
    const other = await stack.createOrganization("Elsewhere Inc");
    const theirs = await other.api<{ data: { id: string } }>("POST", "/contacts", { phone: "+14155554999" });
    await page.goto(`${stack.gatewayUrl}/app/contacts/${theirs.body.data.id}`);
    await page.getByText("No such contact in this organization.").waitFor();
  });

  it("imports a CSV of 5 rows with one bad phone: 4 created, the bad row named by its row number", async () => {
    await page.goto(`${stack.gatewayUrl}/app/contacts`);
    await page.getByRole("link", { name: "Import CSV" }).click();
    await page.getByRole("heading", { name: "Import contacts" }).waitFor();
    const csv = [
      "Full Name,Mobile,E-mail,Tags,Shift Preference",
      "Ana Ruiz,+14155555001,ana@harbor.test,night; forklift,late",
      "Ben Okafor,+14155555002,,day,",
      "Cy Young,call me maybe,cy@harbor.test,,early",
      "Di Park,+14155555004,di@harbor.test,,",
      '"Eve, Jr.",+14155555005,,"night,day",late',
    ].join("\n");
    await page
      .getByLabel("CSV file", { exact: true })
      .setInputFiles({ name: "new-hires.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByText("new-hires.csv: 5 rows").waitFor();
    // The guesses from the headers.
    const mapping = page.locator(".mapping-table");
    await expect
      .poll(() => mapping.locator("tbody tr").nth(1).locator(".select-button").textContent())
      .toMatch(/Phone/);
    await expect
      .poll(() => mapping.locator("tbody tr").nth(4).locator(".select-button").textContent())
      .toMatch(/Property “shift_preference”/);
    // The preview shows the rows as they will be sent.
    const preview = page.locator(".preview-rows li").first();
    await expect
      .poll(() => preview.textContent())
      .toMatch(/Row 2.*Ana Ruiz.*night, forklift.*shift_preference.*late/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Import 5 rows" }).click();
    await page.getByText("5 of 5 rows sent.").waitFor();
    const problems = page.locator(".problems-table tbody tr");
    await expect.poll(() => problems.count()).toBe(1);
    expect(await problems.first().textContent()).toMatch(/^Row 4Mobilephone/);
    await page.locator(".stat", { hasText: "created" }).getByText("4").waitFor();
    await page.locator(".problems-table").scrollIntoViewIfNeeded();
    await screenshot(page, "contacts-import");
    expect(await seriousA11yViolations(page)).toEqual([]);

    const ana = await findByPhone("+14155555001");
    expect(ana).toMatchObject({ name: "Ana Ruiz", email: "ana@harbor.test", tags: ["night", "forklift"] });
    expect(ana?.properties).toEqual({ shift_preference: "late" });
    expect((await findByPhone("+14155555002"))?.email).toBeUndefined();
    expect((await findByPhone("+14155555004"))?.name).toBe("Di Park");
    expect((await findByPhone("+14155555005"))?.tags).toEqual(["night", "day"]);
    const cy = await org.api<{ total: number }>("POST", "/contacts/search", { email: "cy@harbor.test" });
    expect(cy.body.total).toBe(0);
  });

  it("lets an agent open the contacts list and change a contact's tags", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const agent = await context.newPage();
    await logIn(agent, stack.gatewayUrl, "gus@harbor.test", PASSWORD);
    await agent.goto(`${stack.gatewayUrl}/app/contacts`);
    await agent.getByRole("link", { name: "Maria Lopez" }).click();
    await agent.getByRole("heading", { name: "Maria Lopez" }).waitFor();
    await agent.getByRole("button", { name: "Remove tag forklift" }).click();
    await waitFor(async () => !(await contact(ids.maria ?? "")).tags.includes("forklift"));
    expect(await agent.getByRole("link", { name: "Campaigns" }).count()).toBe(0);
    await context.close();
  });
});
