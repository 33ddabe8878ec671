import { type Organization, type Stack, startStack, TWILIO_ACCOUNT } from "@relay/local-stack";
import { contractErrors, WebhookReceiver, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLine } from "./campaign-helpers.js";

const LINE = "+14155550150";
const MAILBOX = "jobs@sequences.example";
const number = (i: number) => `+1415555${String(4000 + i).padStart(4, "0")}`;
const DAY = 86_400_000;

interface RunBody {
  id: string;
  sequence_id: string;
  contact_id: string;
  status: string;
  stop_reason?: string;
}
interface SequenceBody {
  id: string;
  status: string;
  steps: Array<{ id: string; key: string; type: string }>;
}

/** The sequences service's clock runs `shift` ms ahead of the real one: a test moves it past a timeout. */
let shift = 0;
let stack: Stack;
let org: Organization;
let other: Organization;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  stack = await startStack({ sequencesNow: () => new Date(Date.now() + shift) });
  org = await stack.createOrganization("Sequences Org");
  other = await stack.createOrganization("Sequences Other Org");
  await addLine(org, LINE, 50);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

/** The follow-up example. */
const FOLLOW_UP = {
  title: "Availability follow-up",
  from: LINE,
  steps: [
    { type: "send", key: "ask", body: "are you available next week? reply YES" },
    {
      type: "wait_for_reply",
      key: "wait",
      timeout: { value: 2, unit: "days" },
      on_reply: "check",
      on_timeout: "nudge",
    },
    { type: "branch", key: "check", rules: [{ keywords: ["YES"], next: "great" }], otherwise: "done" },
    { type: "send", key: "great", body: "great", next: "done" },
    { type: "send", key: "nudge", body: "still interested? reply YES", next: "done" },
    { type: "end", key: "done" },
  ],
};

const bodiesTo = (to: string) => stack.twilio.messages.filter((m) => m.to === to).map((m) => m.body);
const waitForBodies = (to: string, count: number) =>
  waitFor(() => (bodiesTo(to).length >= count ? bodiesTo(to) : undefined), {
    timeoutMs: 20_000,
    description: `${count} messages to ${to}`,
  });
const runsOf = async (sequenceId: string) =>
  (await org.api<{ data: RunBody[]; total: number }>("GET", `/sequences/runs?sequence_id=${sequenceId}`))
    .body;
const waitForRun = (sequenceId: string, done: (r: RunBody) => boolean, description: string) =>
  waitFor(
    async () => {
      const runs = (await runsOf(sequenceId)).data;
      return runs.length > 0 && runs.every(done) ? runs : undefined;
    },
    { timeoutMs: 20_000, description },
  );

async function activeFollowUp(): Promise<SequenceBody> {
  const created = await org.api<{ data: SequenceBody }>("POST", "/sequences", FOLLOW_UP);
  expect(created.status).toBe(201);
  const activated = await org.api<{ data: SequenceBody }>(
    "POST",
    `/sequences/${created.body.data.id}/activate`,
  );
  expect(activated.body.data.status).toBe("active");
  return activated.body.data;
}

describe("sequences through the gateway", () => {
  it("runs the follow-up: the ask, a YES reply takes the branch, and the run completes", async () => {
    const sequence = await activeFollowUp();
    const shown = await org.api("GET", `/sequences/${sequence.id}`);
    expect(contractErrors("GET", "/sequences/{id}", 200, shown.body)).toEqual([]);
    const list = await org.api("GET", "/sequences?limit=10");
    expect(contractErrors("GET", "/sequences", 200, list.body)).toEqual([]);

    const enrolled = await org.api("POST", `/sequences/${sequence.id}/contacts`, {
      to: [{ phone: number(1), name: "Ana" }],
    });
    expect(enrolled.status).toBe(202);
    expect(contractErrors("POST", "/sequences/{id}/contacts", 202, enrolled.body)).toEqual([]);
    expect(await waitForBodies(number(1), 1)).toEqual(["are you available next week? reply YES"]);

    await stack.twilio.sendInboundSms({
      url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
      accountSid: TWILIO_ACCOUNT.sid,
      from: number(1),
      to: LINE,
      body: "Yes",
    });
    // "YES" is also conversations' opt-in keyword: recorded, but confirmed only after an opt-out.
    await waitFor(() => bodiesTo(number(1)).includes("great"), {
      timeoutMs: 20_000,
      description: "the YES branch",
    });
    const [run] = await waitForRun(sequence.id, (r) => r.status === "completed", "the run completed");
    expect(bodiesTo(number(1))).toEqual(["are you available next week? reply YES", "great"]);
    const history = await org.api<{
      data: { steps: Array<{ step_key: string; outcome?: string; reply?: string }> };
    }>("GET", `/sequences/runs/${run?.id}`);
    expect(history.body.data.steps.map((s) => `${s.step_key}:${s.outcome}`)).toEqual([
      "ask:sent",
      "wait:replied",
      "check:branched",
      "great:sent",
      "done:ended",
    ]);
    expect(history.body.data.steps[1]?.reply).toBe("Yes");
    const runs = await org.api("GET", `/sequences/runs?sequence_id=${sequence.id}`);
    expect(contractErrors("GET", "/sequences/runs", 200, runs.body)).toEqual([]);
    const contacts = await org.api<{ data: Array<{ id: string }> }>(
      "GET",
      `/sequences/${sequence.id}/contacts`,
    );
    expect(contractErrors("GET", "/sequences/{id}/contacts", 200, contacts.body)).toEqual([]);
    expect(contacts.body.data.map((c) => c.id)).toEqual([run?.contact_id]);
  });

  it("sends the nudge once the clock moves past the reply timeout", async () => {
    const sequence = await activeFollowUp();
    await org.api("POST", `/sequences/${sequence.id}/contacts`, { to: [{ phone: number(2) }] });
    await waitForBodies(number(2), 1);
    shift += 2 * DAY + 60_000;
    expect(await waitForBodies(number(2), 2)).toEqual([
      "are you available next week? reply YES",
      "still interested? reply YES",
    ]);
    const [run] = await waitForRun(sequence.id, (r) => r.status === "completed", "the run completed");
    expect(bodiesTo(number(2))).toHaveLength(2);
    const history = await org.api<{ data: { steps: Array<{ step_key: string; outcome?: string }> } }>(
      "GET",
      `/sequences/runs/${run?.id}`,
    );
    expect(history.body.data.steps.map((s) => `${s.step_key}:${s.outcome}`)).toEqual([
      "ask:sent",
      "wait:timed_out",
      "nudge:sent",
      "done:ended",
    ]);
  });

  it("stops the run at once on STOP, and sends nothing more even past the timeout", async () => {
    const sequence = await activeFollowUp();
    await org.api("POST", `/sequences/${sequence.id}/contacts`, { to: [{ phone: number(5) }] });
    await waitForBodies(number(5), 1);
    await stack.twilio.sendInboundSms({
      url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
      accountSid: TWILIO_ACCOUNT.sid,
      from: number(5),
      to: LINE,
      body: "STOP",
    });
    const [run] = await waitForRun(sequence.id, (r) => r.status === "stopped", "the run stopped");
    expect(run?.stop_reason).toBe("opted_out");
    shift += 2 * DAY + 60_000;
    const removed = await org.api("DELETE", `/sequences/${sequence.id}/contacts`, {
      contacts: [{ id: run?.contact_id }],
    });
    expect(contractErrors("DELETE", "/sequences/{id}/contacts", 202, removed.body)).toEqual([]);
    // Only conversations' own opt-out confirmation follows the ask.
    const after = bodiesTo(number(5));
    expect(after[0]).toBe("are you available next week? reply YES");
    expect(after.slice(1).every((body) => body?.startsWith("You have been unsubscribed"))).toBe(true);
  });

  it("enrolls by trigger: a contact created with the tag, then one who texts the keyword", async () => {
    const tag = await org.api<{ data: { id: string } }>("POST", "/tags", { name: "New hire" });
    const created = await org.api<{ data: SequenceBody & { settings: Record<string, unknown> } }>(
      "POST",
      "/sequences",
      {
        title: "Onboarding",
        from: LINE,
        steps: [
          { type: "send", key: "hello", body: "Welcome! Your first shift details follow." },
          { type: "end", key: "done" },
        ],
        settings: {
          re_entry: "skip_if_ever",
          triggers: [
            { type: "tag_added", tag_id: tag.body.data.id },
            { type: "keyword", keywords: ["ONBOARD"] },
          ],
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.data.settings.triggers).toHaveLength(2);
    await org.api("POST", `/sequences/${created.body.data.id}/activate`);

    await org.api("POST", "/contacts", { phone: number(70), tags: ["New hire"] });
    expect(await waitForBodies(number(70), 1)).toEqual(["Welcome! Your first shift details follow."]);

    await stack.twilio.sendInboundSms({
      url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
      accountSid: TWILIO_ACCOUNT.sid,
      from: number(71),
      to: LINE,
      body: "onboard",
    });
    expect(await waitForBodies(number(71), 1)).toEqual(["Welcome! Your first shift details follow."]);
    const runs = await waitForRun(
      created.body.data.id,
      (r) => r.status === "completed",
      "both runs completed",
    );
    expect(runs).toHaveLength(2);

    const bad = await org.api<{ details: Array<{ field: string }> }>("POST", "/sequences", {
      title: "Bad trigger",
      from: LINE,
      steps: [{ type: "end", key: "done" }],
      settings: { triggers: [{ type: "tag_added", tag_id: "not-a-uuid" }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details[0]?.field).toBe("settings.triggers.0.tag_id");
  });

  it("enrolls the contacts a custom event names, on a custom_event trigger", async () => {
    const created = await org.api<{ data: SequenceBody }>("POST", "/sequences", {
      title: "Interview reminders",
      from: LINE,
      steps: [
        { type: "send", key: "remind", body: "Your interview is booked: reply if you need to move it" },
      ],
      settings: { triggers: [{ type: "custom_event", event: "interview_scheduled" }] },
    });
    expect(created.status).toBe(201);
    await org.api("POST", `/sequences/${created.body.data.id}/activate`);
    const contact = await org.api<{ data: { id: string } }>("POST", "/contacts", { phone: number(75) });
    const posted = await org.api("POST", "/custom_events", {
      event: "interview_scheduled",
      external_id: `interview-${crypto.randomUUID()}`,
      associated_resources: [{ resource: "contact", id: contact.body.data.id }],
    });
    expect(posted.status).toBe(201);
    expect(await waitForBodies(number(75), 1)).toEqual([
      "Your interview is booked: reply if you need to move it",
    ]);
  });

  it("runs the issue's example: YES → which shift, stored in the contact; silence → a nudge, then the tag", async () => {
    const created = await org.api<{ data: SequenceBody }>("POST", "/sequences", {
      title: "Availability, with the shift",
      from: LINE,
      steps: [
        { type: "send", key: "ask", body: "Are you available next week? Reply YES or NO" },
        {
          type: "wait_for_reply",
          key: "wait",
          timeout: { value: 2, unit: "days" },
          on_reply: "check",
          on_timeout: "nudge",
        },
        {
          type: "branch",
          key: "check",
          rules: [{ keywords: ["YES", "Y"], next: "shift" }],
          otherwise: "done",
        },
        {
          type: "collect",
          key: "shift",
          body: "Which shift suits you: day or night?",
          answer: "text",
          field: "properties.shift",
          timeout: { value: 1, unit: "days" },
          next: "thanks",
        },
        { type: "send", key: "thanks", body: "Thanks, noted!", next: "done" },
        { type: "send", key: "nudge", body: "Just checking in: available next week?" },
        {
          type: "wait_for_reply",
          key: "wait2",
          timeout: { value: 2, unit: "days" },
          on_reply: "check",
          on_timeout: "tag",
        },
        { type: "tag", key: "tag", add: ["unresponsive"], next: "done" },
        { type: "end", key: "done" },
      ],
    });
    expect(created.status).toBe(201);
    expect(contractErrors("GET", "/sequences/{id}", 200, created.body)).toEqual([]);
    const id = created.body.data.id;
    await org.api("POST", `/sequences/${id}/activate`);
    await org.api("POST", `/sequences/${id}/contacts`, {
      to: [{ phone: number(80) }, { phone: number(81) }],
    });
    await waitForBodies(number(80), 1);
    await waitForBodies(number(81), 1);

    const answer = (from: string, body: string) =>
      stack.twilio.sendInboundSms({
        url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
        accountSid: TWILIO_ACCOUNT.sid,
        from,
        to: LINE,
        body,
      });
    await answer(number(80), "Yes");
    expect((await waitForBodies(number(80), 2))[1]).toBe("Which shift suits you: day or night?");
    await answer(number(80), "Night");
    expect((await waitForBodies(number(80), 3))[2]).toBe("Thanks, noted!");
    const runs = (await runsOf(id)).data;
    const answered = runs.find((r) => r.status === "completed") as RunBody;
    const contact = await waitFor(
      async () => {
        const got = await org.api<{ data: { properties: Record<string, unknown> } }>(
          "GET",
          `/contacts/${answered.contact_id}`,
        );
        return got.body.data.properties.shift === "Night" ? got.body.data : undefined;
      },
      { timeoutMs: 20_000, description: "the shift stored in the contact" },
    );
    expect(contact.properties.shift).toBe("Night");

    // The other contact never answers: the nudge after two days, the tag two days later.
    shift += 2 * DAY + 60_000;
    expect((await waitForBodies(number(81), 2))[1]).toBe("Just checking in: available next week?");
    shift += 2 * DAY + 60_000;
    await waitForRun(id, (r) => r.status === "completed", "both runs completed");
    const silent = (await runsOf(id)).data.find((r) => r.contact_id !== answered.contact_id) as RunBody;
    const tagged = await org.api<{ data: { tags: string[] } }>("GET", `/contacts/${silent.contact_id}`);
    expect(tagged.body.data.tags).toContain("unresponsive");
  });

  it("assigns the run's conversation to a recruiter, which pauses the run until unassigned", async () => {
    const user = await org.api<{ data: { id: number } }>("POST", "/users", {
      name: "Dana Recruiter",
      email: `dana-${crypto.randomUUID()}@example.com`,
    });
    expect(user.status).toBe(201);
    const created = await org.api<{ data: SequenceBody }>("POST", "/sequences", {
      title: "Hand to a recruiter",
      from: LINE,
      steps: [
        { type: "send", key: "hello", body: "Thanks for applying! A recruiter will be in touch" },
        { type: "assign", key: "assign", user_id: user.body.data.id },
        { type: "send", key: "later", body: "Any questions?", delay: { value: 1, unit: "days" } },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    await org.api("POST", `/sequences/${id}/activate`);
    await org.api("POST", `/sequences/${id}/contacts`, { to: [{ phone: number(95) }] });
    await waitForBodies(number(95), 1);
    const [paused] = await waitForRun(
      id,
      (r) => (r as RunBody & { paused_by?: string }).paused_by === "assignment",
      "the run paused by its own assignment",
    );
    const conversations = await org.api<{ data: Array<{ id: string; assigned_user_id?: number }> }>(
      "GET",
      `/conversations?limit=50`,
    );
    const mine = conversations.body.data.find((c) => c.assigned_user_id === user.body.data.id);
    expect(mine).toBeDefined();
    const history = await org.api<{ data: { steps: Array<{ step_key: string; outcome?: string }> } }>(
      "GET",
      `/sequences/runs/${paused?.id}`,
    );
    expect(history.body.data.steps.map((s) => `${s.step_key}:${s.outcome ?? "pending"}`)).toEqual([
      "hello:sent",
      "assign:assigned",
      "later:pending",
    ]);
    await org.api("PUT", `/conversations/${mine?.id}`, { assigned_user_id: null });
    await waitForRun(id, (r) => (r as RunBody & { paused_at?: string }).paused_at === undefined, "resumed");
  });

  it("pauses a run while a person has the conversation, and resumes it when they close it", async () => {
    const sequence = await activeFollowUp();
    await org.api("POST", `/sequences/${sequence.id}/contacts`, { to: [{ phone: number(90) }] });
    await waitForBodies(number(90), 1);
    const sent = await org.api<{ data: { conversation_id: string } }>("POST", "/messaging/sms", {
      from: LINE,
      to: number(90),
      body: "Hi, Dana here from the office",
    });
    expect(sent.status).toBe(201);
    const [paused] = await waitForRun(
      sequence.id,
      (r) => (r as RunBody & { paused_at?: string }).paused_at !== undefined,
      "the run paused",
    );
    expect((paused as RunBody & { paused_by?: string }).paused_by).toBe("message");
    shift += 2 * DAY + 60_000;
    // Past the timeout while paused, the nudge waits; closing the conversation resumes the run.
    const closed = await org.api("PUT", `/conversations/${sent.body.data.conversation_id}`, {
      status: "closed",
    });
    expect(closed.status).toBe(200);
    await waitForRun(
      sequence.id,
      (r) => (r as RunBody & { paused_at?: string }).paused_at === undefined,
      "the run resumed",
    );
    expect(bodiesTo(number(90))).toEqual([
      "are you available next week? reply YES",
      "Hi, Dana here from the office",
    ]);
  });

  it("answers another organization's sequence 404, a wrong key 401, and a bad graph 422 naming the field", async () => {
    const sequence = await activeFollowUp();
    for (const [method, path, body] of [
      ["GET", `/sequences/${sequence.id}`, undefined],
      ["PUT", `/sequences/${sequence.id}`, { title: "theirs" }],
      ["POST", `/sequences/${sequence.id}/archive`, undefined],
      ["GET", `/sequences/${sequence.id}/contacts`, undefined],
      ["GET", `/sequences/runs/${crypto.randomUUID()}`, undefined],
      ["POST", `/sequences/${sequence.id}/contacts`, { to: [{ phone: number(3) }] }],
      ["DELETE", `/sequences/${sequence.id}/contacts`, { contacts: [{ id: crypto.randomUUID() }] }],
      ["GET", `/sequences/${sequence.id}/signing_secret`, undefined],
      ["POST", `/sequences/${sequence.id}/rotate_secret`, undefined],
    ] as const) {
      const res = await other.api(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await other.api<{ total: number }>("GET", "/sequences")).body.total).toBe(0);
    expect((await other.api<{ total: number }>("GET", "/sequences/runs")).body.total).toBe(0);
    const wrong = await fetch(`${stack.gatewayUrl}/v1/sequences`, { headers: { "x-whippy-key": "wk_nope" } });
    expect(wrong.status).toBe(401);
    const bad = await org.api<{ details: Array<{ field: string }> }>("POST", "/sequences", {
      ...FOLLOW_UP,
      steps: [...FOLLOW_UP.steps.slice(0, 3), { type: "send", key: "great", body: "great", next: "nowhere" }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d) => d.field)).toContain("steps.3.next");
    const unsigned = await fetch(`${stack.gatewayUrl}/v1/sequences/${sequence.id}/signing_secret`);
    expect(unsigned.status).toBe(401);
  });

  it("calls a webhook step signed with the sequence's secret and branches on its JSON answer", async () => {
    receiver.behave("/availability", { status: [200], json: { data: { available: true } } });
    const created = await org.api<{ data: SequenceBody }>("POST", "/sequences", {
      title: "Check availability",
      from: LINE,
      steps: [
        {
          type: "webhook",
          key: "check",
          url: `${receiver.url}/availability`,
          payload: { phone: "{{ contact.phone }}", name: "{{ contact.first_name | default: 'there' }}" },
          rules: [{ field: "data.available", equals: true, next: "booked" }],
          next: "sorry",
          on_failure: "sorry",
        },
        { type: "send", key: "booked", body: "You're booked for next week", next: "done" },
        { type: "send", key: "sorry", body: "Nothing open this week", next: "done" },
        { type: "end", key: "done" },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const secret = await org.api<{ data: { signing_secret: string } }>(
      "GET",
      `/sequences/${id}/signing_secret`,
    );
    expect(secret.body.data.signing_secret).toMatch(/^whsec_/);
    receiver.trust("/availability", secret.body.data.signing_secret);
    await org.api("POST", `/sequences/${id}/activate`);
    await org.api("POST", `/sequences/${id}/contacts`, { to: [{ phone: number(20), name: "Rita Moreno" }] });

    expect(await waitForBodies(number(20), 1)).toEqual(["You're booked for next week"]);
    const [call] = receiver.at("/availability");
    expect(call).toMatchObject({ method: "POST", standardValid: true });
    expect(JSON.parse(call?.body ?? "")).toEqual({ phone: number(20), name: "Rita" });
    const [run] = await waitForRun(id, (r) => r.status === "completed", "the run completed");
    const history = await org.api<{
      data: {
        steps: Array<{ id: string; step_key: string; outcome?: string; webhook?: Record<string, unknown> }>;
      };
    }>("GET", `/sequences/runs/${run?.id}`);
    const [checked] = history.body.data.steps;
    expect(history.body.data.steps.map((s) => `${s.step_key}:${s.outcome}`)).toEqual([
      "check:called",
      "booked:sent",
      "done:ended",
    ]);
    expect(call?.headers["webhook-id"]).toBe(checked?.id);
    expect(checked?.webhook).toMatchObject({ method: "POST", attempts: 1, status: 200 });

    // A private address is refused when the sequence is saved, naming the step's url.
    const refused = await org.api<{ details: Array<{ field: string }> }>("PUT", `/sequences/${id}`, {
      steps: [{ type: "webhook", url: "https://10.0.0.8/hook" }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d) => d.field)).toEqual(["steps.0.url"]);
  });

  it("sends an email step through the email channel, with its subject", async () => {
    const channel = await org.api("POST", "/channels", { type: "email", name: "Jobs", address: MAILBOX });
    expect(channel.status).toBe(201);
    const noSubject = await org.api<{ details: Array<{ field: string }> }>("POST", "/sequences", {
      title: "Mail follow-up",
      from: MAILBOX,
      steps: [{ type: "send", body: "hi" }],
    });
    expect(noSubject.status).toBe(422);
    expect(noSubject.body.details.map((d) => d.field)).toEqual(["steps.0.subject"]);
    const created = await org.api<{ data: SequenceBody & { from: string } }>("POST", "/sequences", {
      title: "Mail follow-up",
      from: MAILBOX,
      steps: [
        {
          type: "send",
          key: "mail",
          subject: "Shifts next week",
          body: "Hi {{ contact.first_name | default: 'there' }}, new shifts are open.",
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.data.from).toBe(MAILBOX);
    const id = created.body.data.id;
    await org.api("POST", `/sequences/${id}/activate`);
    await org.api("POST", `/sequences/${id}/contacts`, {
      to: [{ email: "lee@example.com", name: "Lee Park" }],
    });
    const mail = await stack.smtp.waitForMail((m) => m.subject === "Shifts next week");
    expect(mail.envelope.to).toEqual(["lee@example.com"]);
    expect(mail.text).toContain("Hi Lee, new shifts are open.");
    const [run] = await waitForRun(id, (r) => r.status === "completed", "the email run completed");
    const history = await org.api<{ data: { steps: Array<{ step_key: string; outcome?: string }> } }>(
      "GET",
      `/sequences/runs/${run?.id}`,
    );
    expect(history.body.data.steps.map((s) => `${s.step_key}:${s.outcome}`)).toEqual(["mail:sent"]);
  });
});
