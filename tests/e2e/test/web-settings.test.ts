import { PUBLIC_EVENT_NAMES } from "@relay/domain";
import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { WebhookReceiver, waitFor } from "@relay/testing";
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
import { createLogin, createPhoneChannel, SessionClient } from "./web-helpers.js";

const PASSWORD = "settings passphrase 1";
let stack: Stack;
let org: Organization;
let browser: Browser;
let page: Page;
let receiver: WebhookReceiver;
let channelId: string;

/** The field's 422 message, read next to the input labelled `label`. */
const fieldErrorOf = (label: string) =>
  page.locator(".field", { has: page.getByLabel(label, { exact: true }) }).locator(".field-error");

beforeAll(async () => {
  stack = await startStack();
  receiver = await WebhookReceiver.start();
  org = await stack.createOrganization("Settings Staffing");
  channelId = await createPhoneChannel(org, "+14155550161", "Front desk");
  await createLogin(stack, org, { name: "Ada Admin", email: "ada@settings.test", role: "admin" }, PASSWORD);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(10_000);
  await logIn(page, stack.gatewayUrl, "ada@settings.test", PASSWORD);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await receiver?.stop();
  await stack?.stop();
});

describe("settings in a real browser", () => {
  it("channels: a send rate out of range is refused at its field; rate, hours and time zone are saved", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Channels" }).waitFor();
    await page.getByRole("cell", { name: /Always open/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Front desk" }).click();
    const rate = page.getByLabel("Send rate (messages per second)");
    await rate.fill("500");
    await page.getByRole("button", { name: "Save channel" }).click();
    await expect.poll(() => fieldErrorOf("Send rate (messages per second)").textContent()).toMatch(/100/);
    expect(await rate.getAttribute("aria-invalid")).toBe("true");
    expect(await fieldErrorOf("Name").count()).toBe(0);
    expect(
      (await org.api<{ data: { send_rate: number } }>("GET", `/channels/${channelId}`)).body.data.send_rate,
    ).toBe(50);

    await rate.fill("5");
    await page.getByLabel("Time zone").fill("Europe/Berlin");
    await page.getByLabel("Always open").uncheck();
    await page.getByLabel("Monday", { exact: true }).check();
    await page.getByLabel("Monday opens").fill("08:30");
    await page.getByLabel("Monday closes").fill("18:00");
    await page.getByLabel("Tuesday", { exact: true }).check();
    await page.getByLabel("Automatic reply while closed").fill("We are closed; we answer from 08:30.");
    await page.getByRole("button", { name: "Save channel" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await fieldErrorOf("Send rate (messages per second)").count()).toBe(0);

    const saved = await org.api<{
      data: {
        send_rate: number;
        timezone: string;
        automatic_response_closed: string;
        opening_hours: Array<{ weekday: string; opens_at: string; closes_at: string; state: string }>;
      };
    }>("GET", `/channels/${channelId}`);
    expect(saved.body.data).toMatchObject({
      send_rate: 5,
      timezone: "Europe/Berlin",
      automatic_response_closed: "We are closed; we answer from 08:30.",
    });
    const open = saved.body.data.opening_hours.filter((h) => h.state === "open");
    expect(open.map((h) => [h.weekday, h.opens_at, h.closes_at])).toEqual([
      ["Monday", "08:30", "18:00"],
      ["Tuesday", "09:00", "17:00"],
    ]);
    expect(saved.body.data.opening_hours).toHaveLength(7);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The screenshot shows the editor from its top (the save scrolled it down).
    await page.locator("#main").evaluate((main) => main.scrollTo(0, 0));
    await screenshot(page, "settings-channels");

    // The list shows what was saved.
    await page.getByRole("link", { name: "All channels" }).click();
    await page.getByRole("cell", { name: /Mon 08:30–18:00, Tue 09:00–17:00/ }).waitFor();
    await page.getByRole("cell", { name: "5/s" }).waitFor();
  });

  it("a closing time that is no time is refused at Wednesday's field", async () => {
    await page.goto(`${stack.gatewayUrl}/app/settings/channels/${channelId}`);
    await page.getByLabel("Wednesday", { exact: true }).check();
    // A time input cannot hold a wrong value; an empty one reaches the API as "".
    await page.getByLabel("Wednesday closes").fill("");
    await page.getByRole("button", { name: "Save channel" }).click();
    await expect.poll(() => fieldErrorOf("Wednesday closes").textContent()).toMatch(/HH:MM/);
    expect(await fieldErrorOf("Wednesday opens").count()).toBe(0);
  });

  it("users: an invited agent sets a password through the link, signs in, and has no settings", async () => {
    await page.goto(`${stack.gatewayUrl}/app/settings`);
    await page.getByRole("link", { name: "Users and teams" }).click();
    await page.getByRole("cell", { name: "ada@settings.test" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Invite a user" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill("not an email");
    await dialog.getByLabel("Name").fill("Alex Agent");
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    await expect.poll(() => dialog.locator(".field-error").textContent()).toMatch(/email/i);
    await dialog.getByLabel("Email").fill("alex@settings.test");
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const link = await dialog.getByLabel("Invitation link for Alex Agent").inputValue();
    expect(link).toMatch(/\/app\/invite#token=/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByRole("cell", { name: "alex@settings.test" }).waitFor();

    const agent = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await agent.goto(link);
      await agent.getByLabel("New password (10 characters or more)").fill("alex's passphrase");
      await agent.getByRole("button", { name: "Save and sign in" }).click();
      await agent.getByRole("heading", { name: "Open" }).waitFor();
      expect(await agent.getByRole("link", { name: "Settings" }).count()).toBe(0);
      expect(await agent.locator(".me-text").textContent()).toMatch(/Alex Agent.*Agent/);
      await agent.goto(`${stack.gatewayUrl}/app/settings/api-keys`);
      await agent.getByText("Only an admin can change the organization's settings.").waitFor();
    } finally {
      await agent.close();
    }

    // The server refuses an agent's session every settings route, whatever the page shows.
    const session = new SessionClient(stack.gatewayUrl);
    expect((await session.login("alex@settings.test", "alex's passphrase")).status).toBe(201);
    for (const [method, path] of [
      ["GET", "/v1/api_keys"],
      ["POST", "/v1/api_keys"],
      ["PUT", `/v1/channels/${channelId}`],
      ["PUT", `/v1/channels/${channelId}/users`],
      ["GET", "/v1/developers/endpoints"],
      ["POST", "/v1/teams"],
      ["PUT", "/v1/users/1"],
      ["POST", "/app/api/invitations"],
    ] as const)
      expect([
        method,
        path,
        (await session.call(method, path, method === "GET" ? undefined : {})).status,
      ]).toEqual([method, path, 403]);
  });

  it("users: a role changes, a team is made with members, a channel is given to the agent", async () => {
    const users = await org.api<{ data: Array<{ id: number; email: string; role: string }> }>(
      "GET",
      "/users",
    );
    const alex = users.body.data.find((u) => u.email === "alex@settings.test");
    if (!alex) throw new Error("Alex is not a user");
    await page.goto(`${stack.gatewayUrl}/app/settings/users`);

    await page.getByRole("button", { name: /Role of Alex Agent/ }).click();
    await page.getByRole("option", { name: "Admin" }).click();
    await waitFor(
      async () =>
        (await org.api<{ data: { role: string } }>("GET", `/users/${alex.id}`)).body.data.role === "admin",
    );
    await page.getByRole("button", { name: /Role of Alex Agent/ }).click();
    await page.getByRole("option", { name: "Agent" }).click();
    await waitFor(
      async () =>
        (await org.api<{ data: { role: string } }>("GET", `/users/${alex.id}`)).body.data.role === "agent",
    );

    await page.getByRole("button", { name: "New team" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Team name").fill("Night shift");
    await dialog.getByLabel("Alex Agent").check();
    await dialog.getByRole("button", { name: "Save team" }).click();
    await page.getByRole("cell", { name: "Night shift", exact: true }).waitFor();
    const teams = await org.api<{ data: Array<{ name: string; user_ids: number[] }> }>("GET", "/teams");
    expect(teams.body.data).toMatchObject([{ name: "Night shift", user_ids: [alex.id] }]);

    await page.getByRole("button", { name: "Edit Night shift" }).click();
    await dialog.getByLabel("Team name").fill("Nights");
    await dialog.getByRole("button", { name: "Save team" }).click();
    await page.getByRole("cell", { name: "Nights", exact: true }).waitFor();

    await page.getByRole("link", { name: "Channels" }).click();
    await page.getByRole("link", { name: "Front desk" }).click();
    await page.getByRole("checkbox", { name: /Alex Agent/ }).check();
    await page.getByRole("button", { name: "Save access" }).click();
    await page.getByRole("status").filter({ hasText: "Access saved." }).waitFor();
    const access = await org.api<{ data: Array<{ id: number }> }>("GET", `/channels/${channelId}/users`);
    expect(access.body.data.map((u) => u.id)).toEqual([alex.id]);
  });

  it("API keys: a new key is shown once and works; revoked, /v1 answers 401", async () => {
    await page.goto(`${stack.gatewayUrl}/app/settings/api-keys`);
    await page.getByRole("heading", { name: "Create a key" }).waitFor();
    await page.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => fieldErrorOf("Key name").textContent()).toBeTruthy();
    await page.getByLabel("Key name").fill("Payroll sync");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.getByLabel("New key Payroll sync").inputValue();
    expect(key).toMatch(/^wk_/);
    await page.getByRole("cell", { name: `${key.slice(0, 11)}…` }).waitFor();
    const withKey = () =>
      fetch(`${stack.gatewayUrl}/v1/contacts`, { headers: { "x-whippy-key": key } }).then((r) => r.status);
    expect(await withKey()).toBe(200);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Revoke Payroll sync" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => page.getByRole("button", { name: "Revoke Payroll sync" }).count()).toBe(0);
    await waitFor(async () => (await withKey()) === 401, { timeoutMs: 5_000 });
  });

  it("the picker's event types are the domain's public events, for a session only", async () => {
    const anonymous = await fetch(`${stack.gatewayUrl}/app/api/webhook_event_types`);
    expect(anonymous.status).toBe(401);
    const session = new SessionClient(stack.gatewayUrl);
    expect((await session.login("ada@settings.test", PASSWORD)).status).toBe(201);
    const names = await session.call<{ data: string[] }>("GET", "/app/api/webhook_event_types");
    expect(names.status).toBe(200);
    expect(names.body.data).toEqual([...PUBLIC_EVENT_NAMES]);
  });

  it("webhooks: an endpoint at a local receiver, its signing secret once, a test event and a retry in the log", async () => {
    await page.goto(`${stack.gatewayUrl}/app/settings/webhooks`);
    await page.getByRole("heading", { name: "Add an endpoint" }).waitFor();
    await page.getByLabel("Endpoint URL").fill(`${receiver.url}/relay`);
    // Nothing ticked: the API's 422 shows under the picker.
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page
      .locator("fieldset.event-types .field-error")
      .getByText(/expected array to have >=1 items/)
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    receiver.behave("/relay", { status: [500, 500, 200] });
    await page.getByLabel("message.created", { exact: true }).check();
    await page.getByLabel("contact.created", { exact: true }).check();
    // A resource's wildcard covers its names (ticked and locked), and replaces the one ticked before.
    await page.getByLabel("All message events (message.*)", { exact: true }).check();
    expect(await page.getByLabel("message.updated", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("message.updated", { exact: true }).isDisabled()).toBe(true);
    await screenshot(page, "settings-webhook-events");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = await page.getByLabel(`Signing secret for ${receiver.url}/relay`).inputValue();
    receiver.trust("/relay", secret);
    const created = await org.api<{ data: Array<{ event_types: string[] }> }>("GET", "/developers/endpoints");
    expect(created.body.data[0]?.event_types.sort()).toEqual(["contact.created", "message.*"]);
    await page.getByRole("link", { name: `${receiver.url}/relay` }).click();
    await page.getByRole("heading", { name: "Delivery log" }).waitFor();

    // A real event: the receiver fails it twice (500; the first retry is 5 s later, the next 5
    // minutes), the log shows both attempts, "Retry now" delivers it.
    await org.api("POST", "/contacts", { name: "Webhook Watcher", phone: "+14155553333" });
    const row = page.locator("tr", { hasText: "contact.created" });
    const cell = (n: number) => row.locator("td").nth(n);
    await expect.poll(() => cell(3).textContent(), { timeout: 15_000 }).toBe("500");
    await expect.poll(() => cell(2).textContent(), { timeout: 15_000 }).toBe("2");
    await row.getByRole("button", { name: "Retry now" }).click();
    await page
      .locator('tr[data-status="succeeded"]', { hasText: "contact.created" })
      .waitFor({ timeout: 15_000 });
    expect(await cell(2).textContent()).toBe("3");
    expect(await cell(3).textContent()).toBe("200");
    expect(await cell(4).textContent()).toMatch(/^\d+ ms$/);
    const got = receiver.at("/relay");
    expect(got.map((r) => r.json.event)).toEqual(["contact.created", "contact.created", "contact.created"]);
    expect(got.every((r) => r.standardValid)).toBe(true);

    await page.getByRole("button", { name: "Send a test event" }).click();
    await page
      .locator('tr[data-status="succeeded"]', { hasText: "test" })
      .first()
      .waitFor({ timeout: 15_000 });
    expect(receiver.at("/relay").map((r) => r.json.event)).toContain("endpoint.test");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, "settings-webhooks");

    // At phone width the delivery log and every settings list are cards that fit the screen.
    await page.setViewportSize(PHONE);
    await expectFitsPhone(page, "settings-webhooks-phone");
    const lists: Array<[string, string]> = [
      ["channels", "Front desk"],
      ["users", "Nights"],
      ["api-keys", "Create a key"],
      ["webhooks", `${receiver.url}/relay`],
    ];
    for (const [path, text] of lists) {
      await page.goto(`${stack.gatewayUrl}/app/settings/${path}`);
      await page.getByText(text, { exact: true }).first().waitFor();
      await page.locator("tbody tr").first().waitFor();
      await expectFitsPhone(page, path === "users" ? "settings-users-phone" : undefined);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole("link", { name: `${receiver.url}/relay` }).click();

    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByRole("button", { name: "Enable" }).waitFor();
    const endpoints = await org.api<{ data: Array<{ active: boolean }> }>("GET", "/developers/endpoints");
    expect(endpoints.body.data).toMatchObject([{ active: false }]);
    await page.getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByRole("heading", { name: "Add an endpoint" }).waitFor();
    expect((await org.api<{ total: number }>("GET", "/developers/endpoints")).body.total).toBe(0);
  });
});
