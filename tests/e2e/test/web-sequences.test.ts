import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import type { Browser, Locator, Page, Request } from "playwright-core";
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

const LINE = "+14155550161";
const PAT = "+14155557001";
const LEE = "+14155557002";
const PASSWORD = "sequences passphrase 1";
let stack: Stack;
let org: Organization;
let browser: Browser;
let page: Page;
let adminId: number;

interface SequenceBody {
  id: string;
  title: string;
  status: string;
  version: number;
  steps: Array<Record<string, unknown> & { id: string; key: string }>;
}

/** The example, as the README's walkthrough creates it through the API. */
const EXAMPLE_STEPS = [
  { key: "ask", type: "send", body: "Are you available next week? Reply YES or NO" },
  {
    key: "wait",
    type: "wait_for_reply",
    timeout: { value: 2, unit: "days" },
    on_reply: "check",
    on_timeout: "nudge",
  },
  { key: "check", type: "branch", rules: [{ keywords: ["YES", "Y"], next: "shift" }], otherwise: "done" },
  {
    key: "shift",
    type: "collect",
    body: "Great! Which shift: day or night?",
    answer: "text",
    field: "properties.shift",
    timeout: { value: 1, unit: "days" },
    next: "thanks",
  },
  { key: "thanks", type: "send", body: "Thanks, noted!", next: "done" },
  { key: "nudge", type: "send", body: "Still interested in next week? Reply YES" },
  {
    key: "wait2",
    type: "wait_for_reply",
    timeout: { value: 2, unit: "days" },
    on_reply: "check",
    on_timeout: "tag",
  },
  { key: "tag", type: "tag", add: ["unresponsive"], next: "done" },
  { key: "done", type: "end" },
];

/** A step as the API reads it, back in the shape it was written in (no id, the delay as written). */
function asWritten(step: Record<string, unknown>) {
  const { id: _id, delay: _seconds, delay_duration, remove, rules, ...rest } = step;
  return {
    ...rest,
    ...(delay_duration ? { delay: delay_duration } : {}),
    ...(Array.isArray(remove) && remove.length > 0 ? { remove } : {}),
    ...(Array.isArray(rules) && rules.length > 0 ? { rules } : {}),
  };
}

const readSequence = async (id: string) =>
  (await org.api<{ data: SequenceBody }>("GET", `/sequences/${id}`)).body.data;

const card = (key: string) => page.locator(`section.step-card[data-step-key="${key}"]`);

/** Picks an option of a react-aria select, found by its label within `scope`. */
async function choose(scope: Locator | Page, label: string, option: string) {
  await scope
    .locator(".choice")
    .filter({ has: page.getByText(label, { exact: true }) })
    .getByRole("button")
    .click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** Adds a step of a kind at the end and gives it its key. */
async function addStep(kind: string, key: string) {
  await page.getByRole("button", { name: "Add a step" }).click();
  await page.getByRole("menuitem", { name: kind }).click();
  const added = page.locator("section.step-card").last();
  await added.getByLabel("Step key", { exact: true }).fill(key);
  await added.getByLabel("Step key", { exact: true }).blur();
  await card(key).waitFor();
  return card(key);
}

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("Harbor Staffing");
  await createPhoneChannel(org, LINE, "Shifts line");
  adminId = await createLogin(
    stack,
    org,
    { name: "Sasha Scheduler", email: "sasha@harbor.test", role: "admin" },
    PASSWORD,
  );
  await createLogin(stack, org, { name: "Andy Agent", email: "andy@harbor.test", role: "agent" }, PASSWORD);
  await org.api("POST", "/contacts", { name: "Pat Doe", phone: PAT });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await logIn(page, stack.gatewayUrl, "sasha@harbor.test", PASSWORD);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("sequences in a real browser", () => {
  let sequenceId = "";

  it("the list says when there is none, and offers a new one", async () => {
    await page.getByRole("link", { name: "Sequences" }).click();
    await page.getByRole("heading", { name: "Sequences" }).waitFor();
    await page.getByText("No sequence yet").waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("builds the issue's example in the editor; the API's 422 shows on the unreachable step", async () => {
    await page.getByRole("link", { name: "New sequence" }).click();
    await page.getByRole("heading", { name: "New sequence" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Availability follow-up");
    await choose(page, "Send from", `Shifts line (${LINE})`);

    const first = page.locator("section.step-card").first();
    await first.getByLabel("Step key", { exact: true }).fill("ask");
    await first.getByLabel("Step key", { exact: true }).blur();
    await card("ask")
      .getByLabel("Message", { exact: true })
      .fill("Are you available next week? Reply YES or NO");
    const wait = await addStep("Wait for a reply", "wait");
    const check = await addStep("Branch on the reply", "check");
    const shift = await addStep("Ask and store the answer", "shift");
    const thanks = await addStep("Send a message", "thanks");
    const nudge = await addStep("Send a message", "nudge");
    const wait2 = await addStep("Wait for a reply", "wait2");
    const tag = await addStep("Tag the contact", "tag");
    await addStep("End the run", "done");

    // The wait's timeout starts at 2 days; its targets name the other steps by key.
    await choose(wait, "On a reply, go to", "check");
    await choose(wait, "No reply in time, go to", "nudge");
    await check.getByLabel("Keywords", { exact: true }).fill("YES, Y");
    await choose(check, "Go to", "shift");
    await choose(check, "Otherwise, go to", "done");
    await shift.getByLabel("Question", { exact: true }).fill("Great! Which shift: day or night?");
    await shift.getByLabel("Store it in", { exact: true }).fill("properties.shift");
    await choose(shift, "Answered, go to", "thanks");
    await thanks.getByLabel("Message", { exact: true }).fill("Thanks, noted!");
    await choose(thanks, "Then", "done");
    await nudge.getByLabel("Message", { exact: true }).fill("Still interested in next week? Reply YES");
    await choose(wait2, "On a reply, go to", "check");
    await choose(wait2, "No reply in time, go to", "tag");
    await tag.getByLabel("Add tags", { exact: true }).fill("unresponsive");
    await choose(tag, "Then", "done");

    // A step after the end that nothing leads to: the API refuses it, and says so on that step.
    const orphan = await addStep("Send a message", "orphan");
    await orphan.getByLabel("Message", { exact: true }).fill("Nobody gets here");
    await page.getByRole("button", { name: "Create sequence" }).click();
    await orphan.getByRole("alert").getByText("is not reachable from the first step").waitFor();
    expect(await page.locator(".step-card.has-problems").count()).toBe(1);
    const none = await org.api<{ total: number }>("GET", "/sequences");
    expect(none.body.total).toBe(0);
    await orphan.scrollIntoViewIfNeeded();
    await screenshot(page, "sequence-editor");
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Remove step 10" }).click();
    await page.getByRole("button", { name: "Create sequence" }).click();
    await page.getByRole("heading", { name: "Availability follow-up" }).waitFor();
    sequenceId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const saved = await readSequence(sequenceId);
    expect(saved).toMatchObject({ status: "draft", version: 1 });
    expect(saved.steps.map(asWritten)).toEqual(EXAMPLE_STEPS);
  }, 120_000);

  it("a branch to a step that is gone: the 422 shows at the field that names it; a reload discards the edit", async () => {
    await page.getByRole("button", { name: "Remove step 5" }).click();
    await page.getByRole("button", { name: "Save as new version" }).click();
    const answered = card("shift")
      .locator(".choice")
      .filter({ has: page.getByText("Answered, go to", { exact: true }) });
    await answered.getByText('names no step: "thanks"').waitFor();
    expect(await answered.getByRole("button").textContent()).toContain("thanks (missing)");
    expect((await readSequence(sequenceId)).version).toBe(1);
    await page.reload();
    await card("thanks").waitFor();
  });

  it("opens a saved sequence and saves back the same steps (a new version, ids kept)", async () => {
    const before = await readSequence(sequenceId);
    const put = page.waitForRequest(
      (r: Request) => r.method() === "PUT" && r.url().endsWith(`/v1/sequences/${sequenceId}`),
    );
    await page.getByRole("button", { name: "Save as new version" }).click();
    const sent = (await put).postDataJSON() as { steps: unknown[] };
    expect(sent.steps).toEqual(EXAMPLE_STEPS);
    await page.getByText("Version 2").waitFor();
    const after = await readSequence(sequenceId);
    expect(after.version).toBe(2);
    expect(after.steps).toEqual(before.steps);
  });

  it("activates, enrolls a picked contact and a pasted number, and the first send goes out", async () => {
    await page.getByRole("button", { name: "Activate" }).click();
    await page.locator(".page-header .pill.status-active").waitFor();
    expect((await readSequence(sequenceId)).status).toBe("active");

    await page.getByRole("tab", { name: "Contacts" }).click();
    expect(new URL(page.url()).searchParams.get("tab")).toBe("contacts");
    await page.getByLabel("Search contacts", { exact: true }).fill("Pat");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("button", { name: "Pick Pat Doe" }).click();
    await page.getByLabel("Or paste phone numbers", { exact: true }).fill(`${LEE}\n12`);
    // A number that is no number: the API's 422 names the row, shown as what was pasted.
    await page.getByRole("button", { name: "Enroll 3 contacts" }).click();
    await page.getByRole("alert").getByText(/^12: /).waitFor();
    await page.getByLabel("Or paste phone numbers", { exact: true }).fill(LEE);
    await page.getByRole("button", { name: "Enroll 2 contacts" }).click();
    await page.getByText("2 enrolled, 0 skipped").waitFor();

    const sent = await stack.twilio.waitForMessage((m) => m.to === PAT);
    expect(sent.body).toBe("Are you available next week? Reply YES or NO");
    await stack.twilio.waitForMessage((m) => m.to === LEE);
    await page.locator("tr", { hasText: "Pat Doe" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("the runs and a run's history show the send, filtered by status in the URL", async () => {
    await page.getByRole("tab", { name: "Runs" }).click();
    await page.getByRole("button", { name: "History of Pat Doe's run" }).click();
    const history = page.locator(".run-history");
    const ask = history.locator(".history-step", { hasText: "ask" });
    await ask.getByText("Sent").waitFor({ timeout: 15_000 });
    await ask.getByText("Are you available next week? Reply YES or NO").waitFor();
    await history.locator(".history-step", { hasText: "wait" }).getByText("Pending").waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await choose(page, "Status", "Completed");
    await page.getByText("No run with that status.").waitFor();
    expect(new URL(page.url()).searchParams.get("status")).toBe("completed");
    await choose(page, "Status", "Active");
    await page.getByRole("button", { name: "History of Pat Doe's run" }).waitFor();
  });

  it("removes a contact: the run stops as removed", async () => {
    await page.getByRole("tab", { name: "Contacts" }).click();
    await page.getByRole("button", { name: "Remove Pat Doe from the sequence" }).click();
    await waitFor(async () => {
      const runs = await org.api<{ data: Array<{ status: string; stop_reason?: string }> }>(
        "GET",
        `/sequences/runs?sequence_id=${sequenceId}&status=stopped`,
      );
      return runs.body.data[0]?.stop_reason === "removed";
    });
    await page.locator("tr", { hasText: "Pat Doe" }).getByText("Stopped").waitFor();
  });

  it("a sequence of every step kind made through the API opens and saves back unchanged", async () => {
    const team = await org.api<{ data: { id: string } }>("POST", "/teams", {
      name: "Night desk",
      user_ids: [],
    });
    const steps = [
      {
        key: "hello",
        type: "send",
        body: "Hi {{ contact.first_name | default: 'there' }}",
        delay: { value: 90, unit: "minutes" },
        business_hours: true,
      },
      {
        key: "ask",
        type: "collect",
        body: "How many hours a week?",
        answer: "number",
        field: "properties.hours",
        timeout: { value: 3, unit: "hours" },
        retry_body: "A number, please",
        on_invalid: "owner",
        on_timeout: "owner",
      },
      {
        key: "route",
        type: "branch",
        rules: [{ answer: "number", next: "owner" }],
        any_reply: "owner",
        otherwise: "away",
      },
      { key: "owner", type: "assign", user_id: adminId, team_id: team.body.data.id, next: "tags" },
      { key: "tags", type: "tag", add: ["hours-known"], remove: ["new"] },
      { key: "away", type: "move", sequence_id: sequenceId },
    ];
    const created = await org.api<{ data: SequenceBody }>("POST", "/sequences", {
      title: "Every kind",
      from: LINE,
      steps,
      settings: {
        stop_on_reply: false,
        re_entry: "skip_if_ever",
        on_takeover: "stop",
        quiet_hours: { start: "09:00", end: "18:00" },
        triggers: [
          { type: "keyword", keywords: ["HOURS"] },
          { type: "custom_event", event: "applied" },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await page.goto(`${stack.gatewayUrl}/app/sequences/${created.body.data.id}`);
    // The selects show names the API answers for the ids (users, teams, sequences).
    await card("owner").getByRole("button", { name: "Sasha Scheduler User" }).waitFor();
    await card("owner").getByRole("button", { name: "Night desk Team" }).waitFor();
    await card("away").getByRole("button", { name: "Availability follow-up (active) Sequence" }).waitFor();
    const put = page.waitForRequest((r: Request) => r.method() === "PUT");
    await page.getByRole("button", { name: "Save as new version" }).click();
    const sent = (await put).postDataJSON() as { steps: unknown[]; settings: unknown };
    expect(sent.steps).toEqual(steps);
    expect(sent.settings).toEqual({
      stop_on_reply: false,
      re_entry: "skip_if_ever",
      on_takeover: "stop",
      quiet_hours: { start: "09:00", end: "18:00" },
      triggers: [
        { type: "keyword", keywords: ["HOURS"] },
        { type: "custom_event", event: "applied" },
      ],
    });
    await page.getByText("Version 2").waitFor();

    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByLabel("Send only within a daily window", { exact: true }).waitFor();
    expect(await page.getByLabel("From", { exact: true }).inputValue()).toBe("09:00");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("lists the sequence with its status, version and active runs", async () => {
    await page.getByRole("link", { name: "← All sequences" }).click();
    const row = page.locator("tr", { hasText: "Availability follow-up" });
    await page.locator("tr", { hasText: "Every kind" }).waitFor();
    await row.getByText("Active").waitFor();
    await expect.poll(() => row.locator('[data-label="Active runs"]').textContent()).toBe("1");
    expect(await row.locator("td").nth(2).textContent()).toBe("2");
    await screenshot(page, "sequences");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("a webhook step opens in its form, saves back unchanged, and shows the API's 422s at its fields", async () => {
    const call = {
      key: "check",
      type: "webhook",
      url: "http://127.0.0.1:9/availability",
      method: "PUT",
      headers: { "X-Api-Key": "k-1", "X-Empty": "" },
      payload: { phone: "{{ contact.phone }}", note: "" },
      timeout_ms: 5000,
      rules: [
        { status: 409, next: "taken" },
        { field: "data.available", equals: true, next: "done" },
      ],
      next: "done",
      on_failure: "taken",
    };
    const created = await org.api<{ data: SequenceBody }>("POST", "/sequences", {
      title: "Signed calls",
      from: LINE,
      steps: [
        call,
        { key: "taken", type: "send", body: "Taken, sorry", next: "done" },
        { key: "done", type: "end" },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id;
    await page.goto(`${stack.gatewayUrl}/app/sequences/${id}`);
    const step = card("check");
    expect(await step.getByLabel("URL", { exact: true }).inputValue()).toBe(call.url);
    const headerNames = await Promise.all(
      [1, 2].map((n) => step.getByLabel(`Header ${n} name`, { exact: true }).inputValue()),
    );
    expect(headerNames.sort()).toEqual(Object.keys(call.headers).sort());
    expect(await step.getByLabel("Equals", { exact: true }).nth(1).inputValue()).toBe("true");
    const put = page.waitForRequest((r: Request) => r.method() === "PUT");
    await page.getByRole("button", { name: "Save as new version" }).click();
    expect(((await put).postDataJSON() as { steps: unknown[] }).steps[0]).toEqual(call);
    await page.getByText("Version 2").waitFor();

    // Broken JSON is said at once; the header the call sets itself and a too short timeout are the API's.
    await step.getByLabel("Payload (JSON)", { exact: true }).fill('{"phone": ');
    await step.getByText(/^Not JSON: /).waitFor();
    const firstHeader = await step.getByLabel("Header 1 name", { exact: true }).inputValue();
    await step.getByLabel("Header 1 name", { exact: true }).fill("Content-Type");
    await step.getByLabel("Timeout (ms)", { exact: true }).fill("50");
    await step.getByLabel("Equals", { exact: true }).first().fill("x");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await step.getByText("is set by the call itself").waitFor();
    await expect
      .poll(() => step.getByLabel("Header 1 name", { exact: true }).getAttribute("aria-invalid"))
      .toBe("true");
    expect(await step.getByLabel("Timeout (ms)", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await step.getByLabel("Equals", { exact: true }).first().getAttribute("aria-invalid")).toBe(
      "true",
    );
    await step.scrollIntoViewIfNeeded();
    await screenshot(page, "sequence-webhook-step");
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect((await readSequence(id)).version).toBe(2);

    await step.getByLabel("Payload (JSON)", { exact: true }).fill('{"phone": "{{ contact.phone }}"}');
    await step.getByLabel("Header 1 name", { exact: true }).fill(firstHeader);
    await step.getByLabel("Timeout (ms)", { exact: true }).fill("");
    await step.getByLabel("Equals", { exact: true }).first().fill("");
    await choose(step, "Method", "POST");
    await step.getByRole("button", { name: "Remove rule 2" }).click();
    await choose(step, "The call failed, go to", "Stop the run (failed)");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await page.getByText("Version 3").waitFor();
    const saved = await readSequence(id);
    expect(asWritten(saved.steps[0] ?? {})).toEqual({
      key: "check",
      type: "webhook",
      url: call.url,
      method: "POST",
      headers: call.headers,
      payload: { phone: "{{ contact.phone }}" },
      rules: [{ status: 409, next: "taken" }],
      next: "done",
    });
  });

  it("the sequence's signing secret is shown on request and rotated after a confirm", async () => {
    const id = new URL(page.url()).pathname.split("/").pop() ?? "";
    const secretOf = async () =>
      (await org.api<{ data: { signing_secret: string } }>("GET", `/sequences/${id}/signing_secret`)).body
        .data.signing_secret;
    const before = await secretOf();
    await page.getByRole("tab", { name: "Settings" }).click();
    const panel = page.locator("section.signing-secret");
    expect(await panel.getByLabel("Signing secret", { exact: true }).count()).toBe(0);
    await panel.getByRole("button", { name: "Show signing secret" }).click();
    await expect.poll(() => panel.getByLabel("Signing secret", { exact: true }).inputValue()).toBe(before);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await panel.getByRole("button", { name: "Rotate secret…" }).click();
    const dialog = page.getByRole("dialog", { name: "Rotate the signing secret?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await secretOf()).toBe(before);
    await panel.getByRole("button", { name: "Rotate secret…" }).click();
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    await panel.getByText(/The previous secret signs beside it until/).waitFor();
    const after = await secretOf();
    expect(after).not.toBe(before);
    expect(await panel.getByLabel("Signing secret", { exact: true }).inputValue()).toBe(after);
    await panel.getByRole("button", { name: "Hide signing secret" }).click();
    expect(await panel.getByLabel("Signing secret", { exact: true }).count()).toBe(0);
  });

  it("at phone width the list, a sequence's contacts and its runs are cards that fit the screen", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${stack.gatewayUrl}/app/sequences`);
    await page.locator("tr", { hasText: "Availability follow-up" }).waitFor();
    await expectFitsPhone(page, "sequences-phone");
    await page.goto(`${stack.gatewayUrl}/app/sequences/${sequenceId}?tab=contacts`);
    await page.locator("tr", { hasText: "Pat Doe" }).waitFor();
    await expectFitsPhone(page);
    await page.goto(`${stack.gatewayUrl}/app/sequences/${sequenceId}?tab=runs`);
    await page.getByRole("button", { name: "History of Pat Doe's run" }).waitFor();
    await expectFitsPhone(page, "sequence-runs-phone");
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("an agent gets a sentence in the page and a 403 from the API", async () => {
    const agent = new SessionClient(stack.gatewayUrl);
    expect((await agent.login("andy@harbor.test", PASSWORD)).status).toBe(201);
    expect((await agent.call("GET", "/v1/sequences")).status).toBe(403);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const agentPage = await context.newPage();
    await logIn(agentPage, stack.gatewayUrl, "andy@harbor.test", PASSWORD);
    expect(await agentPage.getByRole("link", { name: "Sequences" }).count()).toBe(0);
    await agentPage.goto(`${stack.gatewayUrl}/app/sequences`);
    await agentPage.getByText("Sequences are managed by admins.").waitFor();
    await context.close();
  });
});
