import { type Organization, type Stack, startStack } from "@relay/local-stack";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, seriousA11yViolations } from "./web-browser-helpers.js";
import { createLogin, SessionClient } from "./web-helpers.js";

const OLD_PASSWORD = "the old passphrase 1";
const NEW_PASSWORD = "a brand new passphrase";
const CHANNEL_ADDRESS = "team@reset-staffing.test";
let stack: Stack;
let org: Organization;
let browser: Browser;
let page: Page;

const resetMails = () => stack.smtp.mails.filter((m) => m.subject === "Reset your password");

/** Asks for a link on the sign-in page's "Forgot your password?"; answers what the page says. */
async function askForLink(email: string): Promise<string> {
  await page.goto(`${stack.gatewayUrl}/app`);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  return (await page.getByRole("status").textContent()) ?? "";
}

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("Reset Staffing");
  const channel = await org.api("POST", "/channels", {
    type: "email",
    name: "Team",
    address: CHANNEL_ADDRESS,
  });
  expect(channel.status).toBe(201);
  await createLogin(
    stack,
    org,
    { name: "Rosa Reset", email: "rosa@reset.test", role: "agent" },
    OLD_PASSWORD,
  );
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(10_000);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("password reset by a link through the organization's email channel", () => {
  it("answers an unknown email as a known one; only the known one gets a mail, from the email channel", async () => {
    const unknown = await askForLink("nobody@reset.test");
    expect(await seriousA11yViolations(page)).toEqual([]);
    const known = await askForLink("Rosa@Reset.test");
    expect(known).toBe(unknown);
    expect(known).toMatch(/If this email belongs to an account/);

    const mail = await stack.smtp.waitForMail((m) => m.subject === "Reset your password", 15_000);
    expect(mail.to).toEqual(["rosa@reset.test"]);
    expect(mail.from).toContain(CHANNEL_ADDRESS);
    expect(mail.html).toContain("/app/reset#token=");
    // The unknown email's request was answered first and sent nothing.
    expect(resetMails().flatMap((m) => m.to)).toEqual(["rosa@reset.test"]);
  });

  it("the mailed link sets a new password once: signed in, the old password refused, the link spent", async () => {
    const link = /(https?:\/\/\S+\/app\/reset#token=\S+)/.exec(resetMails()[0]?.text ?? "")?.[1] ?? "";
    expect(link.startsWith(`${stack.gatewayUrl}/app/reset#token=`)).toBe(true);
    await page.goto(link);
    await page.getByLabel("New password (10 characters or more)").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Save and sign in" }).click();
    await page.getByRole("heading", { name: "Open" }).waitFor();
    expect(await page.locator(".me-text").textContent()).toMatch(/Rosa Reset/);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();

    expect((await new SessionClient(stack.gatewayUrl).login("rosa@reset.test", OLD_PASSWORD)).status).toBe(
      401,
    );
    expect((await new SessionClient(stack.gatewayUrl).login("rosa@reset.test", NEW_PASSWORD)).status).toBe(
      201,
    );

    await page.goto(link);
    await page.getByLabel("New password (10 characters or more)").fill("yet another passphrase");
    await page.getByRole("button", { name: "Save and sign in" }).click();
    await page.getByText("This link was already used or has expired.").waitFor();
    expect((await new SessionClient(stack.gatewayUrl).login("rosa@reset.test", NEW_PASSWORD)).status).toBe(
      201,
    );
  });

  it("is rate limited per email like logins, known or not, and takes only JSON", async () => {
    const ask = (email: string, type = "application/json") =>
      fetch(`${stack.gatewayUrl}/app/api/password_resets`, {
        method: "POST",
        headers: { "content-type": type },
        body: JSON.stringify({ email }),
      });
    expect((await ask("rosa@reset.test", "text/plain")).status).toBe(422);
    expect((await ask("")).status).toBe(422);
    // Each email has had one request above (nobody@ and rosa@); the limit is 5 in the window.
    for (const email of ["nobody@reset.test", "rosa@reset.test"]) {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await ask(email)).status);
      expect(statuses).toEqual([202, 202, 202, 202, 429]);
    }
    const limited = await ask("NOBODY@reset.test");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another email is not held by these.
    expect((await ask("someone.else@reset.test")).status).toBe(202);
  });
});
