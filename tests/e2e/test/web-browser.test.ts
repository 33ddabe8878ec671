import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, seriousA11yViolations } from "./web-browser-helpers.js";
import { createLogin, createPhoneChannel, inboundSms } from "./web-helpers.js";

const LINE = "+14155550141";
const PASSWORD = "inbox passphrase 1";
let stack: Stack;
let org: Organization;
let browser: Browser;
let page: Page;
let ritaId: number;

/** Texts the line from `from`; a named contact is on file first, as a recruiter's would be. */
async function textIn(from: string, body: string, name?: string) {
  if (name) await org.api("POST", "/contacts", { name, phone: from });
  await inboundSms(stack, from, LINE, body);
}

beforeAll(async () => {
  // Status callbacks slow enough that "Sent" is seen before "Delivered".
  stack = await startStack({ statusDelayMs: 400 });
  org = await stack.createOrganization("Northwind Staffing");
  await createPhoneChannel(org, LINE, "Recruiting line");
  ritaId = await createLogin(
    stack,
    org,
    { name: "Rita Recruiter", email: "rita@northwind.test", role: "admin" },
    PASSWORD,
  );
  await textIn("+14155553001", "Can I swap my Friday shift for Saturday?", "Jordan Lee");
  await textIn("+14155553002", "Thanks, see you Monday at 8", "Priya Patel");
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the inbox in a real browser", () => {
  it("refuses a wrong password, then logs in", async () => {
    await page.goto(`${stack.gatewayUrl}/app`);
    await page.getByLabel("Email").fill("rita@northwind.test");
    await page.getByLabel("Password").fill("not it at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/wrong email or password/);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Open" }).waitFor();
    await page.locator(".live-dot.live").waitFor();
    await page.getByText("Jordan Lee").waitFor();
  });

  it("shows an inbound SMS live, then the reply's status moves to delivered", async () => {
    await textIn("+14155553003", "Hi! Is the night shift at the warehouse still open?", "Maria Lopez");
    // No reload: the live stream brings it.
    const row = page.locator(".conversation", { hasText: "Maria Lopez" });
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => row.locator(".badge").textContent()).toMatch(/^1/);
    await row.click();
    await page.getByText("Is the night shift at the warehouse still open?").waitFor();

    await page.keyboard.press("r");
    await page.keyboard.type("Yes! It starts at 10pm. Want me to book you in?");
    await page.getByRole("button", { name: "Send" }).click();
    const bubble = page.locator(".bubble-row.out", { hasText: "Want me to book you in?" });
    await bubble.waitFor();
    await bubble.locator('[data-status="delivered"]').waitFor({ timeout: 15_000 });
    const sent = await stack.twilio.waitForMessage((m) => m.to === "+14155553003");
    expect(sent.body).toBe("Yes! It starts at 10pm. Want me to book you in?");
    await textIn("+14155553003", "Perfect, book me in please");
    await page.getByText("Perfect, book me in please").waitFor({ timeout: 15_000 });

    await screenshot(page, "inbox");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("assigns, closes with e and reopens", async () => {
    await page.getByRole("button", { name: /Assign to/ }).click();
    await page.getByRole("option", { name: "Rita Recruiter (me)" }).click();
    const mine = await waitFor(async () => {
      const list = await org.api<{ data: Array<{ id: string }> }>(
        "GET",
        `/conversations?assigned_user_id=${ritaId}&limit=50`,
      );
      return list.body.data[0];
    });
    await page.getByRole("button", { name: "Assigned to me" }).click();
    const row = page.locator(".conversation", { hasText: "Maria Lopez" });
    await row.waitFor({ timeout: 5_000 });
    await expect.poll(() => page.locator(".conversation").count()).toBe(1);
    await row.click();
    await page.locator(".timeline").click();
    await page.keyboard.press("e");
    await waitFor(async () => {
      const read = await org.api<{ data: { status: string } }>("GET", `/conversations/${mine.id}`);
      return read.body.data.status === "closed";
    });
    await page.getByRole("button", { name: "Closed" }).click();
    const closed = page.locator(".conversation", { hasText: "Maria Lopez" });
    await closed.waitFor({ timeout: 5_000 });
    await closed.click();
    await page.getByRole("button", { name: "Reopen" }).click();
    // The thread stays open though it left the Closed list.
    await page.locator(".pill.open").waitFor();
    await expect.poll(() => page.locator(".conversation", { hasText: "Maria Lopez" }).count()).toBe(0);
  });

  it("a contact who texted STOP shows opted out, and the composer refuses", async () => {
    await textIn("+14155553004", "STOP", "Sam Stone");
    await page.getByRole("button", { name: "Open", exact: true }).click();
    const row = page.locator(".conversation", { hasText: "Sam Stone" });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.getByText("Sam Stone has opted out of this channel.").waitFor();
    await expect.poll(() => page.getByLabel("Message").isDisabled()).toBe(true);
    await expect.poll(() => page.getByRole("button", { name: "Send" }).isDisabled()).toBe(true);
    await page.locator(".consent-state.out").waitFor();
  });

  it("logs out: the app shows the sign-in page and the API refuses the old cookie", async () => {
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "relay_session");
    expect(session?.httpOnly).toBe(true);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("heading", { name: "Sign in to your inbox" }).waitFor();
    await waitFor(async () => {
      const res = await fetch(`${stack.gatewayUrl}/v1/conversations`, {
        headers: { cookie: `relay_session=${session?.value}` },
      });
      return res.status === 401;
    });
  });
});
