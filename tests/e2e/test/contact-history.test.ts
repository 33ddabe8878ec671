import { call, type Organization, type Stack, startStack } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignBody } from "./campaign-helpers.js";
import { createLogin, createPhoneChannel, inboundSms, SessionClient } from "./web-helpers.js";

const LINE_A = "+14155550171";
const LINE_B = "+14155550172";
const PAT = "+14155557001";
const ALL_DAY = { start: "00:00", end: "23:59" };
const PASSWORD = "history passphrase 1";

interface Entry {
  campaign_id: string;
  campaign_title: string;
  channel_id: string;
  recipient_state: string;
  sent_at?: string;
}
interface Change {
  channel_id: string;
  opt_in: boolean;
  source: string;
  detail?: string;
  changed_by: string;
  user_id?: number;
}

let stack: Stack;
let org: Organization;
let other: Organization;
let lineA: string;
let lineB: string;
let pat: string;
let agent: SessionClient;
const campaigns: string[] = [];

async function sendCampaign(title: string, from: string): Promise<string> {
  const created = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
    title,
    type: "sms",
    from,
    body: "Shifts open this week",
    sending_window: ALL_DAY,
    audience: { contacts: [{ phone: PAT, name: "Pat" }] },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.data.id;
  expect((await org.api("POST", `/campaigns/${id}/send`)).status).toBe(200);
  await waitFor(
    async () =>
      (await org.api<{ data: CampaignBody }>("GET", `/campaigns/${id}`)).body.data.status === "completed",
    { timeoutMs: 20_000, description: `campaign ${title} completed` },
  );
  return id;
}

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("History Org");
  other = await stack.createOrganization("History Other Org");
  lineA = await createPhoneChannel(org, LINE_A, "Line A");
  lineB = await createPhoneChannel(org, LINE_B, "Line B");
  campaigns.push(await sendCampaign("Spring shifts", LINE_A));
  campaigns.push(await sendCampaign("Night shifts", LINE_B));
  pat = (await org.api<{ data: Array<{ id: string }> }>("POST", "/contacts/search", { phone: PAT })).body
    .data[0]?.id as string;
  await inboundSms(stack, PAT, LINE_A, "STOP");
  await waitFor(async () => {
    const prefs = await org.api<{ data: Change[] }>("GET", `/contacts/${pat}/communication_preferences`);
    return prefs.body.data.some((p) => p.channel_id === lineA && !p.opt_in);
  });
  expect(
    (await org.api("POST", `/contacts/${pat}/communication_preferences/opt_out`, { channel_id: lineB }))
      .status,
  ).toBe(200);

  const agentId = await createLogin(
    stack,
    org,
    { name: "Ann Agent", email: "ann@history.test", role: "agent" },
    PASSWORD,
  );
  expect((await org.api("PUT", `/channels/${lineA}/users`, { user_ids: [agentId] })).status).toBe(200);
  agent = new SessionClient(stack.gatewayUrl);
  expect((await agent.login("ann@history.test", PASSWORD)).status).toBe(201);
}, 120_000);
afterAll(() => stack?.stop());

describe("GET /v1/contacts/{id}/campaigns", () => {
  it("lists the campaigns the contact was a recipient of, newest first, with its state", async () => {
    const res = await org.api<{ data: Entry[]; total: number }>("GET", `/contacts/${pat}/campaigns`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.data.map((e) => e.campaign_title)).toEqual(["Night shifts", "Spring shifts"]);
    expect(res.body.data[0]).toMatchObject({
      campaign_id: campaigns[1],
      channel_id: lineB,
      sent_at: expect.any(String),
    });
    for (const entry of res.body.data)
      expect(["queued", "sent", "delivered"]).toContain(entry.recipient_state);

    const page = await org.api<{ data: Entry[]; total: number }>(
      "GET",
      `/contacts/${pat}/campaigns?limit=1&offset=1`,
    );
    expect(page.body).toMatchObject({ total: 2, data: [{ campaign_id: campaigns[0] }] });
  });

  it("answers 404 for another organization's contact and an unknown or malformed id; 401 without a key", async () => {
    for (const id of [pat, "00000000-0000-4000-8000-000000000000", "nope"])
      expect((await other.api("GET", `/contacts/${id}/campaigns`)).status, id).toBe(404);
    // A contact of this organization no campaign reached has none.
    const fresh = await org.api<{ data: { id: string } }>("POST", "/contacts", { phone: "+14155557002" });
    expect((await org.api("GET", `/contacts/${fresh.body.data.id}/campaigns`)).body).toEqual({
      data: [],
      total: 0,
    });
    expect((await call(stack.gatewayUrl, undefined, "GET", `/contacts/${pat}/campaigns`)).status).toBe(401);
  });

  it("shows an agent only the campaigns sent from their channels", async () => {
    const res = await agent.call<{ data: Entry[]; total: number }>("GET", `/v1/contacts/${pat}/campaigns`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, data: [{ campaign_id: campaigns[0], channel_id: lineA }] });
  });
});

describe("GET /v1/contacts/{id}/communication_preferences/history", () => {
  it("lists the STOP and the API opt-out, newest first, with their sources", async () => {
    const res = await org.api<{ data: Change[]; total: number }>(
      "GET",
      `/contacts/${pat}/communication_preferences/history`,
    );
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.data).toMatchObject([
      { channel_id: lineB, opt_in: false, source: "api", changed_by: "api", channel_type: "phone" },
      { channel_id: lineA, opt_in: false, source: "keyword", detail: "STOP", changed_by: "contact" },
    ]);
  });

  it("records the web user who opted the contact in, and shows an agent their channels' changes only", async () => {
    const path = `/v1/contacts/${pat}/communication_preferences`;
    expect((await agent.call("POST", `${path}/opt_in`, { channel_id: lineA })).status).toBe(200);
    const seen = await agent.call<{ data: Change[]; total: number }>("GET", `${path}/history`);
    expect(seen.status).toBe(200);
    expect(seen.body.total).toBe(2);
    expect(seen.body.data.every((c) => c.channel_id === lineA)).toBe(true);
    expect(seen.body.data[0]).toMatchObject({
      opt_in: true,
      source: "api",
      changed_by: "user",
      user_id: expect.any(Number),
    });
    // The current preferences are narrowed alike: line B's opt-out is not the agent's to see.
    const current = await agent.call<{ data: Array<{ channel_id: string }> }>("GET", path);
    expect(current.status).toBe(200);
    expect(current.body.data.map((p) => p.channel_id)).toEqual([lineA]);
  });

  it("answers 404 for another organization's contact; 401 without a key", async () => {
    expect((await other.api("GET", `/contacts/${pat}/communication_preferences/history`)).status).toBe(404);
    const anonymous = await call(
      stack.gatewayUrl,
      undefined,
      "GET",
      `/contacts/${pat}/communication_preferences/history`,
    );
    expect(anonymous.status).toBe(401);
  });
});
