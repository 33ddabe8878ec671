import { describe, expect, it } from "vitest";
import {
  campaignBody,
  draftUpdateBody,
  EMPTY_FORM,
  formFromCampaign,
  parseInlineContacts,
  parseProperties,
} from "../src/client/campaigns/form.js";
import type { Campaign } from "../src/client/campaigns/types.js";

const CHANNEL = "5b7d0c4e-8f7a-4c55-9a57-3c1a7a0f2a11";
const TAG = "0e9f8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c";

describe("the wizard's form as the API's body", () => {
  it("sends only what was given: the API's defaults apply to the rest", () => {
    const body = campaignBody({ ...EMPTY_FORM, title: "Dallas shifts", channel_id: CHANNEL, body: "Hi" });
    expect(body).toEqual({
      title: "Dallas shifts",
      type: "sms",
      channel_id: CHANNEL,
      body: "Hi",
      audience: {},
      sending_window: { start: "08:00", end: "21:00" },
      attribution_window_hours: 72,
      track_links: true,
    });
  });

  it("builds the audience: tag ids, contact ids, typed properties, inline contacts, exclusions", () => {
    const body = campaignBody({
      ...EMPTY_FORM,
      title: "t",
      body: "b",
      tag_ids: [TAG],
      contact_ids: "a1, b2\nc3",
      properties: "city=Dallas\nshifts=3\nforklift=true",
      contacts: "+15555550201, Ana Lopez\njo@example.org",
      campaigns_within_days: "7",
      replied_within_hours: " 24 ",
    });
    expect(body.audience).toEqual({
      tag_ids: [TAG],
      contact_ids: ["a1", "b2", "c3"],
      properties: { city: "Dallas", shifts: 3, forklift: true },
      contacts: [{ phone: "+15555550201", name: "Ana Lopez" }, { email: "jo@example.org" }],
      exclude: { campaigns_within_days: 7, replied_within_hours: 24 },
    });
  });

  it("keeps a number typed wrong as text, so the API's 422 names that field", () => {
    const body = campaignBody({
      ...EMPTY_FORM,
      campaigns_within_days: "a week",
      attribution_window_hours: "",
    });
    expect((body.audience as { exclude: unknown }).exclude).toEqual({ campaigns_within_days: "a week" });
    expect(body).not.toHaveProperty("attribution_window_hours");
  });

  it("an email campaign sends its subject; a schedule goes as an ISO instant", () => {
    const body = campaignBody({
      ...EMPTY_FORM,
      type: "email",
      subject: "Shifts",
      schedule_at: "2030-05-01T09:30",
    });
    expect(body.subject).toBe("Shifts");
    expect(body.schedule_at).toBe(new Date("2030-05-01T09:30").toISOString());
    expect(campaignBody({ ...EMPTY_FORM, subject: "ignored" })).not.toHaveProperty("subject");
  });

  it("reads properties and inline contacts line by line, blanks skipped", () => {
    expect(parseProperties("\n city = Dallas \n\nzip=75001\n")).toEqual({ city: "Dallas", zip: 75001 });
    expect(parseProperties("bad key")).toEqual({ "bad key": "" });
    expect(parseInlineContacts("  \n+15555550202,Ben Ode, Jr\n")).toEqual([
      { phone: "+15555550202", name: "Ben Ode, Jr" },
    ]);
  });
});

const stored: Campaign = {
  id: "c0ffee00-0000-4000-8000-000000000001",
  title: "Stored",
  status: "draft",
  type: "sms",
  channel_id: CHANNEL,
  from: "+15555550100",
  body: "Hi {{contact.first_name}}",
  attachments: [],
  audience: {
    tag_ids: [TAG],
    properties: { city: "Dallas" },
    contacts: 2,
    exclude: { campaigns_within_days: 3 },
  },
  schedule_at: "2030-05-01T14:00:00.000Z",
  sending_window: { start: "09:00", end: "17:00" },
  attribution_window_hours: 48,
  track_links: false,
  sent_messages: 0,
  slated_messages: 0,
  failed_deliveries: 0,
  responses: 0,
  link_clicks: 0,
  unsubscribes: 0,
  recipients: {},
  skipped: {},
  audience_loaded: false,
  created_at: "2030-04-01T00:00:00.000Z",
  updated_at: "2030-04-01T00:00:00.000Z",
};

describe("editing a draft", () => {
  it("a stored draft fills the form back, and gives the same body", () => {
    const form = formFromCampaign(stored);
    expect(form).toMatchObject({
      title: "Stored",
      tag_ids: [TAG],
      properties: "city=Dallas",
      campaigns_within_days: "3",
      window_start: "09:00",
      attribution_window_hours: "48",
      track_links: false,
    });
    const body = campaignBody(form);
    expect(body.schedule_at).toBe(stored.schedule_at);
    expect(body.audience).toEqual({
      tag_ids: [TAG],
      properties: { city: "Dallas" },
      exclude: { campaigns_within_days: 3 },
    });
  });

  it("a PUT leaves the audience out when only the message changed, so its inline contacts stay", () => {
    const form = { ...formFromCampaign(stored), body: "Hello" };
    const update = draftUpdateBody(form, stored);
    expect(update).not.toHaveProperty("audience");
    expect(update.body).toBe("Hello");
  });

  it("a PUT sends the audience when its filters changed (it replaces the stored one)", () => {
    const form = { ...formFromCampaign(stored), properties: "city=Austin" };
    expect(draftUpdateBody(form, stored).audience).toMatchObject({ properties: { city: "Austin" } });
    const noInline = { ...stored, audience: { tag_ids: [TAG] } };
    expect(draftUpdateBody(formFromCampaign(noInline), noInline).audience).toEqual({ tag_ids: [TAG] });
  });
});
