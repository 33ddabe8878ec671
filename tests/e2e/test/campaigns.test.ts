import { type Organization, type Stack, startStack, TWILIO_ACCOUNT } from "@relay/local-stack";
import { contractErrors, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addLine,
  type CampaignBody,
  type CampaignContactBody,
  sinceNoonInLosAngeles,
} from "./campaign-helpers.js";

const LINE = "+14155550140";
const SLOW_LINE = "+14155550141";
/** California numbers: the recipients' zone is America/Los_Angeles. */
const number = (i: number) => `+1415555${String(3000 + i).padStart(4, "0")}`;

/**
 * The campaigns service's clock runs `shift` ms from the real one: tests put it inside or
 * outside the sending window in the recipients' zone whatever the hour of the run.
 */
let shift = 0;
let stack: Stack;
let org: Organization;
let other: Organization;

beforeAll(async () => {
  // Noon in Los Angeles, at most a day ago: inside 08:00–21:00 and within every attribution window.
  shift = -sinceNoonInLosAngeles();
  stack = await startStack({ campaignsNow: () => new Date(Date.now() + shift) });
  org = await stack.createOrganization("Campaigns Org");
  other = await stack.createOrganization("Campaigns Other Org");
  await addLine(org, LINE, 50);
  await addLine(org, SLOW_LINE, 2);
});
afterAll(() => stack?.stop());

const sentTo = (to: string) => stack.twilio.messages.filter((m) => m.to === to);
const campaign = async (id: string) =>
  (await org.api<{ data: CampaignBody }>("GET", `/campaigns/${id}`)).body.data;
const contacts = async (id: string) =>
  (
    await org.api<{ data: CampaignContactBody[]; total: number }>(
      "GET",
      `/campaigns/${id}/contacts?limit=100`,
    )
  ).body;
const waitForCampaign = (id: string, done: (c: CampaignBody) => boolean, description: string) =>
  waitFor(
    async () => {
      const c = await campaign(id);
      return done(c) ? c : undefined;
    },
    { timeoutMs: 20_000, description },
  );

describe("POST /v1/messaging/sms/campaign (contract)", () => {
  it("upserts the contacts, sends each one its personalized text once, and counts the outcomes", async () => {
    const people = [
      { phone: number(1), name: "Ana Lopez" },
      { phone: number(2), name: "Ben" },
      { phone: number(3) },
    ];
    const sent = await org.api<{ data: { message: string; campaign_id: string } }>(
      "POST",
      "/messaging/sms/campaign",
      {
        from: LINE,
        title: "Dallas warehouse",
        body: 'Hi {{contact.first_name | default: "there"}}, shift open tomorrow 7am. Reply YES',
        contacts: people,
      },
    );
    expect(sent.status).toBe(202);
    expect(contractErrors("POST", "/messaging/sms/campaign", 202, sent.body)).toEqual([]);
    expect(sent.body.data.message).toMatch(/campaign/);
    const id = sent.body.data.campaign_id;

    const done = await waitForCampaign(
      id,
      (c) => c.status === "completed" && c.recipients.delivered === 3,
      "delivered",
    );
    expect(done).toMatchObject({
      campaign_id: id,
      sent_messages: 3,
      slated_messages: 0,
      failed_deliveries: 0,
    });
    expect(sentTo(number(1)).map((m) => m.body)).toEqual(["Hi Ana, shift open tomorrow 7am. Reply YES"]);
    expect(sentTo(number(2)).map((m) => m.body)).toEqual(["Hi Ben, shift open tomorrow 7am. Reply YES"]);
    expect(sentTo(number(3)).map((m) => m.body)).toEqual(["Hi there, shift open tomorrow 7am. Reply YES"]);
    const listed = await contacts(id);
    expect(contractErrors("GET", "/campaigns/{id}/contacts", 200, listed)).toEqual([]);
    expect(contractErrors("GET", "/campaigns/{id}", 200, { data: done })).toEqual([]);
    expect(listed.total).toBe(3);
    expect(listed.data.every((r) => r.recipient_state === "delivered" && r.message_id)).toBe(true);
    // The inbox shows each campaign message as the campaign's.
    const first = listed.data[0] as CampaignContactBody & { conversation_id: string };
    const thread = await org.api<{ data: Array<{ id: string; campaign_id?: string }> }>(
      "GET",
      `/conversations/${first.conversation_id}/messages`,
    );
    expect(thread.body.data.find((m) => m.id === first.message_id)?.campaign_id).toBe(id);

    // A reply counts once as a response; a second reply adds nothing; STOP is an unsubscribe.
    const reply = (body: string) =>
      stack.twilio.sendInboundSms({
        url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
        accountSid: TWILIO_ACCOUNT.sid,
        from: number(1),
        to: LINE,
        body,
      });
    await reply("YES");
    await waitForCampaign(id, (c) => c.responses === 1, "one response");
    await reply("yes, again");
    await reply("STOP");
    await waitForCampaign(id, (c) => c.unsubscribes === 1, "one unsubscribe");
    expect((await campaign(id)).responses).toBe(1);

    const list = await org.api<{ data: CampaignBody[]; total: number }>(
      "GET",
      "/campaigns?title=dallas&status[]=completed",
    );
    expect(list.status).toBe(200);
    expect(contractErrors("GET", "/campaigns", 200, list.body)).toEqual([]);
    expect(list.body.data.map((c) => c.campaign_id)).toContain(id);
  });

  it("sends a saved message template named by template_id (extension), refusing one that is not yours or not SMS", async () => {
    const saved = await org.api<{ data: { id: string } }>("POST", "/automations/templates", {
      title: "Shift open",
      message: 'Hi {{contact.first_name | default: "there"}}, a shift from a template',
      channel_type: "phone",
    });
    expect(saved.status).toBe(201);
    const sent = await org.api<{ data: { campaign_id: string; campaign: { body: string } } }>(
      "POST",
      "/messaging/sms/campaign",
      { from: LINE, template_id: saved.body.data.id, contacts: [{ phone: number(100), name: "Cy Young" }] },
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.data.campaign.body).toBe(
      'Hi {{contact.first_name | default: "there"}}, a shift from a template',
    );
    const [text] = await waitFor(() => (sentTo(number(100)).length ? sentTo(number(100)) : undefined), {
      description: "the template's text",
    });
    expect(text?.body).toBe("Hi Cy, a shift from a template");

    const refused = async (body: Record<string, unknown>, field: string) => {
      const res = await org.api<{ details: Array<{ field: string }> }>("POST", "/messaging/sms/campaign", {
        from: LINE,
        contacts: [{ phone: number(101) }],
        ...body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.details.map((d) => d.field)).toContain(field);
    };
    const theirs = await other.api<{ data: { id: string } }>("POST", "/automations/templates", {
      title: "Theirs",
      message: "Not yours",
    });
    const email = await org.api<{ data: { id: string } }>("POST", "/automations/templates", {
      title: "Newsletter",
      message: "A long read",
      channel_type: "email",
    });
    await refused({ template_id: theirs.body.data.id }, "template_id");
    await refused({ template_id: email.body.data.id }, "template_id");
    await refused({ template_id: saved.body.data.id, body: "Both" }, "body");
    await refused({}, "body");
    expect(sentTo(number(101))).toEqual([]);
  });

  it("refuses bad input with 422 naming the field", async () => {
    const bad = async (body: unknown, field: string) => {
      const res = await org.api<{ error: string; details: Array<{ field: string }> }>(
        "POST",
        "/messaging/sms/campaign",
        body,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.details.map((d) => d.field)).toContain(field);
      // The contract's `error` names the field too, a row core refused included.
      expect(res.body.error).toContain(`${field}: `);
    };
    await bad({ from: LINE, body: "x", contacts: [] }, "contacts");
    await bad({ from: "+14155559999", body: "x", contacts: [{ phone: number(9) }] }, "from");
    await bad({ from: LINE, body: "x".repeat(1001), contacts: [{ phone: number(9) }] }, "body");
    await bad({ from: LINE, body: "Hi {{contact.password}}", contacts: [{ phone: number(9) }] }, "body");
    await bad({ from: LINE, body: "x", contacts: [{ phone: "not a phone" }] }, "contacts.0.phone");
  });
});

describe("retries and refusals leave one campaign or none", () => {
  it("answers a retried contract send with the same campaign (Idempotency-Key), sending nobody twice", async () => {
    const request = { from: LINE, title: "Retried", body: "Retried once", contacts: [{ phone: number(80) }] };
    const headers = { "idempotency-key": `retry-${Date.now()}` };
    const first = await org.api<{ data: { campaign_id: string } }>(
      "POST",
      "/messaging/sms/campaign",
      request,
      {
        headers,
      },
    );
    const again = await org.api<{ data: { campaign_id: string } }>(
      "POST",
      "/messaging/sms/campaign",
      request,
      {
        headers,
      },
    );
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.data.campaign_id).toBe(first.body.data.campaign_id);
    const other = await org.api<{ details: Array<{ field: string }> }>(
      "POST",
      "/messaging/sms/campaign",
      { ...request, body: "Another text" },
      { headers },
    );
    expect(other.status).toBe(422);
    expect(other.body.details[0]?.field).toBe("Idempotency-Key");
    await waitForCampaign(first.body.data.campaign_id, (c) => c.status === "completed", "completed");
    await waitFor(() => sentTo(number(80)).length > 0 || undefined, { timeoutMs: 15_000 });
    expect(sentTo(number(80)).map((m) => m.body)).toEqual(["Retried once"]);
    const titled = await org.api<{ total: number }>("GET", "/campaigns?title=Retried");
    expect(titled.body.total).toBe(1);

    const draft = {
      title: "Keyed draft",
      from: LINE,
      body: "x",
      audience: { contacts: [{ phone: number(81) }] },
    };
    const key = { headers: { "idempotency-key": `draft-${Date.now()}` } };
    const a = await org.api<{ data: CampaignBody }>("POST", "/campaigns", draft, key);
    const b = await org.api<{ data: CampaignBody }>("POST", "/campaigns", draft, key);
    expect(b.body.data.id).toBe(a.body.data.id);
    expect((await org.api<{ total: number }>("GET", "/campaigns?title=Keyed draft")).body.total).toBe(1);
  });

  it("stores nothing when the contract send is refused, and names its own field", async () => {
    const before = (await org.api<{ total: number }>("GET", "/campaigns")).body.total;
    const nobody = await org.api<{ details: Array<{ field: string }> }>("POST", "/messaging/sms/campaign", {
      from: LINE,
      body: "x",
      contacts: [{ email: "no-phone@example.com" }],
    });
    expect(nobody.status, JSON.stringify(nobody.body)).toBe(422);
    expect(nobody.body.details[0]?.field).toBe("contacts");
    const missing = await org.api<{ details: Array<{ field: string }> }>("POST", "/messaging/sms/campaign", {
      from: LINE,
      body: "Hi {{contact.first_name}}",
      contacts: [{ phone: number(82) }],
    });
    expect(missing.status).toBe(422);
    expect(missing.body.details[0]?.field).toBe("body");
    expect((await org.api<{ total: number }>("GET", "/campaigns")).body.total).toBe(before);
  });

  it("checks an edit as a create is checked, before writing anything", async () => {
    const draft = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
      title: "Edited",
      from: LINE,
      body: "x",
      audience: { contacts: [{ phone: number(83) }] },
    });
    expect(draft.status).toBe(201);
    const id = draft.body.data.id;
    const tooLong = await org.api<{ details: Array<{ field: string }> }>("PUT", `/campaigns/${id}`, {
      body: "x".repeat(1001),
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.details[0]?.field).toBe("body");
    const template = await org.api<{ details: Array<{ field: string }> }>("PUT", `/campaigns/${id}`, {
      template: { name: "shift_offer", language: "en_US" },
    });
    expect(template.status).toBe(422);
    expect(template.body.details[0]?.field).toBe("template");

    await org.api("POST", `/campaigns/${id}/cancel`);
    const late = await org.api("PUT", `/campaigns/${id}`, {
      audience: { contacts: [{ phone: number(84), name: "Never stored" }] },
    });
    expect(late.status).toBe(409);
    const search = await org.api<{ data: unknown[] }>("POST", "/contacts/search", { phone: number(84) });
    expect(search.body.data).toEqual([]);
  });
});

describe("campaigns as drafts (extension)", () => {
  it("previews honestly, refuses a variable without a default, then sends to the filtered audience", async () => {
    const tagged = async (i: number, extra: Record<string, unknown> = {}) =>
      (
        await org.api<{ data: { id: string } }>("POST", "/contacts", {
          phone: number(i),
          name: `Worker ${i}`,
          tags: ["forklift"],
          properties: { city: "Dallas", ...extra },
        })
      ).body.data.id;
    const ids = [await tagged(20, { shift: "7am" }), await tagged(21, { shift: "9am" }), await tagged(22)];
    await tagged(23, { city: "Austin" } as never);
    const lines = await org.api<{ data: Array<{ id: string; phone: string }> }>("GET", "/channels");
    const line = lines.body.data.find((c) => c.phone === LINE);
    await org.api("POST", `/contacts/${ids[1]}/communication_preferences/opt_out`, { channel_id: line?.id });

    const draft = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
      title: "Forklift shifts",
      from: LINE,
      body: "{{contact.first_name}}, your shift: {{contact.properties.shift}} ✅",
      audience: { tags: ["forklift"], properties: { city: "Dallas" } },
    });
    expect(draft.status).toBe(201);
    const id = draft.body.data.id;
    expect(draft.body.data.status).toBe("draft");

    const preview = await org.api<{ data: Record<string, unknown> }>("GET", `/campaigns/${id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({
      audience: 3,
      recipients: 1,
      excluded: { opted_out: 1, no_address: 0, missing_variable: 1 },
      missing_variables: { "contact.properties.shift": 1 },
      samples: [{ to: number(20), text: "Worker, your shift: 7am ✅", segments: 1 }],
      segments: { encoding: "UCS-2", per_message: 1, total: 1 },
      send_rate: 50,
    });
    expect(Date.parse(String(preview.body.data.estimated_finish))).toBeGreaterThan(0);

    const refused = await org.api<{ details: Array<{ field: string }> }>("POST", `/campaigns/${id}/send`);
    expect(refused.status).toBe(422);
    expect(refused.body.details[0]?.field).toBe("body");

    const edited = await org.api("PUT", `/campaigns/${id}`, {
      body: '{{contact.first_name}}, your shift: {{contact.properties.shift | default: "to be confirmed"}}',
    });
    expect(edited.status).toBe(200);
    const started = await org.api<{ data: CampaignBody }>("POST", `/campaigns/${id}/send`);
    expect(started.status).toBe(200);
    expect(started.body.data.status).toBe("sending");

    const done = await waitForCampaign(id, (c) => c.status === "completed", "completed");
    expect(done.skipped).toEqual({ opted_out: 1 });
    await waitFor(() => (sentTo(number(20)).length && sentTo(number(22)).length) || undefined, {
      timeoutMs: 15_000,
    });
    expect(sentTo(number(20)).map((m) => m.body)).toEqual(["Worker, your shift: 7am"]);
    expect(sentTo(number(22)).map((m) => m.body)).toEqual(["Worker, your shift: to be confirmed"]);
    expect(sentTo(number(21))).toEqual([]);
    expect(sentTo(number(23))).toEqual([]);

    const again = await org.api("POST", `/campaigns/${id}/send`);
    expect(again.status).toBe(409);
    const edit = await org.api("PUT", `/campaigns/${id}`, { title: "late" });
    expect(edit.status).toBe(409);
  });

  it("pauses within a second and resumes where it stopped: nobody twice, nobody skipped", async () => {
    const people = Array.from({ length: 16 }, (_, i) => ({ phone: number(40 + i) }));
    const draft = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
      title: "Paced",
      from: SLOW_LINE,
      body: "Paced message",
      audience: { contacts: people },
    });
    const id = draft.body.data.id;
    await org.api("POST", `/campaigns/${id}/send`);
    await waitForCampaign(id, (c) => c.sent_messages > 0, "a first hand-over");
    const paused = await org.api<{ data: CampaignBody }>("POST", `/campaigns/${id}/pause`);
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body.data.status).toBe("paused");
    // The pause waits for a hand-over in progress: what is handed over now is all that goes.
    const rows = (
      await org.api<{ data: Array<CampaignContactBody & { phone: string }> }>(
        "GET",
        `/campaigns/${id}/contacts?limit=100`,
      )
    ).body.data;
    const handed = rows
      .filter((r) => r.recipient_state !== "pending")
      .map((r) => r.phone)
      .sort();
    expect(handed.length).toBeGreaterThan(0);
    expect(handed.length).toBeLessThan(16);
    await waitFor(() => handed.every((phone) => sentTo(phone).length > 0) || undefined, {
      timeoutMs: 15_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second more: nothing else arrives
    const arrived = people
      .filter((p) => sentTo(p.phone).length > 0)
      .map((p) => p.phone)
      .sort();
    expect(arrived).toEqual(handed);

    const resumed = await org.api<{ data: CampaignBody }>("POST", `/campaigns/${id}/resume`);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body.data.status).toBe("sending");
    await waitForCampaign(id, (c) => c.status === "completed", "completed");
    await waitFor(() => people.every((p) => sentTo(p.phone).length > 0) || undefined, { timeoutMs: 15_000 });
    for (const p of people) expect(sentTo(p.phone)).toHaveLength(1);
  });

  it("holds recipients outside the sending window in their own zone until it opens", async () => {
    const before = shift;
    try {
      // 22:00 in Los Angeles: after the window, so nothing goes until 08:00.
      shift = before + 10 * 3_600_000;
      const draft = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
        title: "Night",
        from: LINE,
        body: "Night message",
        audience: { contacts: [{ phone: number(60) }] },
      });
      const id = draft.body.data.id;
      await org.api("POST", `/campaigns/${id}/send`);
      const waiting = await waitFor(async () => {
        const row = (await contacts(id)).data[0] as CampaignContactBody & { not_before?: string };
        return row?.not_before ? row : undefined;
      });
      expect(waiting.recipient_state).toBe("pending");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sentTo(number(60))).toEqual([]);
      // 08:00:05 the next morning there: it goes.
      shift = before + 20 * 3_600_000 + 5_000;
      await waitForCampaign(id, (c) => c.status === "completed", "completed");
      await waitFor(() => sentTo(number(60)).length > 0 || undefined, { timeoutMs: 15_000 });
      expect(sentTo(number(60)).map((m) => m.body)).toEqual(["Night message"]);
    } finally {
      shift = before;
    }
  });

  it("reads each recipient's zone from the contact's time_zone property, else from the phone number", async () => {
    const draft = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
      title: "Zones",
      from: LINE,
      body: "Zone check",
      schedule_at: new Date(Date.now() + 86_400_000 * 2).toISOString(),
      audience: {
        contacts: [
          { phone: number(90), properties: { time_zone: "Asia/Tokyo" } },
          { phone: number(91), properties: { time_zone: "Not/AZone" } },
          { phone: number(92) },
        ],
      },
    });
    const id = draft.body.data.id;
    await org.api("POST", `/campaigns/${id}/send`); // scheduled: recipients are stored, nothing sent
    const zones = await waitFor(async () => {
      const rows = (await contacts(id)).data as Array<
        CampaignContactBody & { phone: string; time_zone: string }
      >;
      return rows.length === 3 ? Object.fromEntries(rows.map((r) => [r.phone, r.time_zone])) : undefined;
    });
    expect(zones).toEqual({
      [number(90)]: "Asia/Tokyo",
      [number(91)]: "America/Los_Angeles",
      [number(92)]: "America/Los_Angeles",
    });
    await org.api("POST", `/campaigns/${id}/cancel`);
  });

  it("answers another organization's campaign 404, and a wrong key 401", async () => {
    const draft = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
      title: "Mine",
      from: LINE,
      body: "x",
      audience: { contacts: [{ phone: number(70) }] },
    });
    const id = draft.body.data.id;
    for (const [method, path] of [
      ["GET", `/campaigns/${id}`],
      ["GET", `/campaigns/${id}/contacts`],
      ["GET", `/campaigns/${id}/preview`],
      ["PUT", `/campaigns/${id}`],
      ["POST", `/campaigns/${id}/send`],
      ["POST", `/campaigns/${id}/cancel`],
    ] as const) {
      const res = await other.api(method, path, method === "PUT" ? { title: "theirs" } : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await other.api<{ total: number }>("GET", "/campaigns")).body.total).toBe(0);
    const wrong = await fetch(`${stack.gatewayUrl}/v1/campaigns`, { headers: { "x-whippy-key": "wk_nope" } });
    expect(wrong.status).toBe(401);
    const cancelled = await org.api<{ data: CampaignBody }>("POST", `/campaigns/${id}/cancel`);
    expect(cancelled.body.data.status).toBe("cancelled");
    const noAudience = await org.api<{ details: Array<{ field: string }> }>("POST", "/campaigns", {
      title: "Nobody",
      from: LINE,
      body: "x",
      audience: {},
    });
    expect(noAudience.status).toBe(422);
    expect(noAudience.body.details[0]?.field).toBe("audience");
  });
});
