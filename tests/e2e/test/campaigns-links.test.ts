import { type Organization, type Stack, startStack, TWILIO_ACCOUNT } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addLine,
  type CampaignBody,
  type CampaignContactBody,
  sinceNoonInLosAngeles,
} from "./campaign-helpers.js";

const LINE = "+14155550150";
/** California numbers: the recipients' zone is America/Los_Angeles. */
const number = (i: number) => `+1415555${String(4000 + i).padStart(4, "0")}`;
const TARGET = "https://jobs.example.com/shifts/7?source=sms";

let stack: Stack;
let org: Organization;
let other: Organization;

beforeAll(async () => {
  // Noon in Los Angeles at most a day ago: inside the default sending window.
  const shift = -sinceNoonInLosAngeles();
  stack = await startStack({ campaignsNow: () => new Date(Date.now() + shift) });
  org = await stack.createOrganization("Campaign Links Org");
  other = await stack.createOrganization("Campaign Links Other Org");
  await addLine(org, LINE, 50);
});
afterAll(() => stack?.stop());

const sentTo = (to: string) => stack.twilio.messages.filter((m) => m.to === to);
const campaign = async (id: string) =>
  (await org.api<{ data: CampaignBody }>("GET", `/campaigns/${id}`)).body.data;
const recipients = async (id: string) =>
  (await org.api<{ data: CampaignContactBody[] }>("GET", `/campaigns/${id}/contacts?limit=100`)).body.data;
const completed = (id: string) =>
  waitFor(
    async () => {
      const c = await campaign(id);
      return c.status === "completed" ? c : undefined;
    },
    { timeoutMs: 20_000, description: `campaign ${id} completed` },
  );
const delivered = (phone: string) =>
  waitFor(() => sentTo(phone)[0], { timeoutMs: 15_000, description: `a message to ${phone}` });
const open = (path: string, method = "GET") =>
  fetch(`${stack.gatewayUrl}${path}`, { method, redirect: "manual" });
const linkIn = (body: string) => {
  const match = new RegExp(`${stack.gatewayUrl}(/l/[0-9A-Za-z]{10})`).exec(body);
  expect(match, body).not.toBeNull();
  return match?.[1] as string;
};

describe("tracked links", () => {
  it("rewrites links per recipient, redirects only to the campaign's target and counts one click per recipient", async () => {
    const sent = await org.api<{ data: { campaign_id: string } }>("POST", "/messaging/sms/campaign", {
      from: LINE,
      title: "Shift links",
      body: `Shift details: ${TARGET}. Reply YES`,
      contacts: [{ phone: number(1) }, { phone: number(2) }],
    });
    expect(sent.status).toBe(202);
    const id = sent.body.data.campaign_id;
    const [first, second] = [await delivered(number(1)), await delivered(number(2))];
    const [one, two] = [linkIn(first.body), linkIn(second.body)];
    expect(one).not.toBe(two);
    expect(first.body).toBe(`Shift details: ${stack.gatewayUrl}${one}. Reply YES`);
    expect(first.body).not.toContain("jobs.example.com");

    const followed = await open(one);
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe(TARGET);
    expect((await campaign(id)).link_clicks).toBe(1);
    await open(one);
    const preview = await open(two, "HEAD");
    expect(preview.status).toBe(302);
    expect((await campaign(id)).link_clicks).toBe(1); // a second click and a HEAD count nothing
    await open(two);
    expect((await campaign(id)).link_clicks).toBe(2);
    const clicked = await recipients(id);
    expect(clicked.every((r) => r.clicked_at)).toBe(true);

    for (const path of [
      "/l/0000000000",
      "/l/not-a-code",
      `/l/${encodeURIComponent("https://evil.example")}`,
    ]) {
      const missing = await open(path);
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get("location")).toBeNull();
      expect(await missing.text()).toContain("Link not found");
    }
    await completed(id);
  });

  it("leaves links alone when the campaign does not track them, and the preview shows the text that goes out", async () => {
    const draft = await org.api<{ data: CampaignBody & { track_links: boolean } }>("POST", "/campaigns", {
      title: "Untracked",
      from: LINE,
      body: `See ${TARGET}`,
      track_links: false,
      audience: { contacts: [{ phone: number(3) }] },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.data.track_links).toBe(false);
    const tracked = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
      title: "Tracked",
      from: LINE,
      body: `See ${TARGET}`,
      audience: { contacts: [{ phone: number(4) }] },
    });
    const preview = await org.api<{ data: { samples: Array<{ text: string }> } }>(
      "GET",
      `/campaigns/${tracked.body.data.id}/preview`,
    );
    expect(preview.body.data.samples[0]?.text).toMatch(
      new RegExp(`^See ${stack.gatewayUrl}/l/[0-9A-Za-z]{10}$`),
    );

    await org.api("POST", `/campaigns/${draft.body.data.id}/send`);
    expect((await delivered(number(3))).body).toBe(`See ${TARGET}`);
  });
});

describe("exclusions", () => {
  it("leaves out recent campaign recipients and recent repliers, counted in the preview and the campaign", async () => {
    const [recent, replier, fresh] = [number(10), number(11), number(12)];
    const earlier = await org.api<{ data: { campaign_id: string } }>("POST", "/messaging/sms/campaign", {
      from: LINE,
      body: "Earlier campaign",
      contacts: [{ phone: recent }],
    });
    await completed(earlier.body.data.campaign_id);
    const replierId = (await org.api<{ data: { id: string } }>("POST", "/contacts", { phone: replier })).body
      .data.id;
    await stack.twilio.sendInboundSms({
      url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
      accountSid: TWILIO_ACCOUNT.sid,
      from: replier,
      to: LINE,
      body: "Any shifts this week?",
    });
    const conversations = async () =>
      (await org.api<{ data: Array<{ contact_id: string }> }>("GET", "/conversations?limit=100")).body.data;
    await waitFor(async () => (await conversations()).some((c) => c.contact_id === replierId) || undefined, {
      description: "the reply stored",
    });

    const draft = await org.api<{ data: CampaignBody & { audience: Record<string, unknown> } }>(
      "POST",
      "/campaigns",
      {
        title: "Not again",
        from: LINE,
        body: "Fresh shifts",
        audience: {
          contacts: [{ phone: recent }, { phone: replier }, { phone: fresh }],
          exclude: { campaigns_within_days: 7, replied_within_hours: 24 },
        },
      },
    );
    expect(draft.status).toBe(201);
    expect(draft.body.data.audience.exclude).toEqual({ campaigns_within_days: 7, replied_within_hours: 24 });
    const id = draft.body.data.id;
    const preview = await org.api<{ data: Record<string, unknown> }>("GET", `/campaigns/${id}/preview`);
    expect(preview.body.data).toMatchObject({
      audience: 3,
      recipients: 1,
      excluded: { recent_campaign: 1, recently_replied: 1, opted_out: 0 },
    });
    await org.api("POST", `/campaigns/${id}/send`);
    const done = await completed(id);
    expect(done.skipped).toEqual({ recent_campaign: 1, recently_replied: 1 });
    expect((await delivered(fresh)).body).toBe("Fresh shifts");
    expect(sentTo(recent).map((m) => m.body)).toEqual(["Earlier campaign"]);
    expect(sentTo(replier)).toEqual([]);

    const bad = await org.api<{ details: Array<{ field: string }> }>("POST", "/campaigns", {
      title: "Bad exclusion",
      from: LINE,
      body: "x",
      audience: { contacts: [{ phone: fresh }], exclude: { campaigns_within_days: 0 } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details[0]?.field).toBe("audience.exclude.campaigns_within_days");
  });
});

describe("POST /v1/campaigns/{id}/duplicate", () => {
  it("makes a new draft with the same message and audience, and sends it as a campaign of its own", async () => {
    const original = await org.api<{ data: CampaignBody & { body: string } }>("POST", "/campaigns", {
      title: "Weekly shifts",
      from: LINE,
      body: "Weekly shifts are out",
      schedule_at: new Date(Date.now() + 86_400_000 * 3).toISOString(),
      audience: { contacts: [{ phone: number(20) }] },
    });
    const id = original.body.data.id;
    const copy = await org.api<{
      data: CampaignBody & { title: string; body: string; schedule_at?: string };
    }>("POST", `/campaigns/${id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body.data).toMatchObject({
      title: "Weekly shifts (copy)",
      status: "draft",
      body: "Weekly shifts are out",
    });
    expect(copy.body.data.id).not.toBe(id);
    expect(copy.body.data.schedule_at).toBeUndefined();
    const named = await org.api<{ data: { title: string } }>("POST", `/campaigns/${id}/duplicate`, {
      title: "Next week",
    });
    expect(named.body.data.title).toBe("Next week");

    await org.api("POST", `/campaigns/${copy.body.data.id}/send`);
    await completed(copy.body.data.id);
    expect((await delivered(number(20))).body).toBe("Weekly shifts are out");
    expect(sentTo(number(20))).toHaveLength(1);

    expect((await other.api("POST", `/campaigns/${id}/duplicate`)).status).toBe(404);
    const bad = await org.api<{ details: Array<{ field: string }> }>("POST", `/campaigns/${id}/duplicate`, {
      title: "",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details[0]?.field).toBe("title");
  });
});
