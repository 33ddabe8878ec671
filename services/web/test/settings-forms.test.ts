import { describe, expect, it } from "vitest";
import { channelToForm, channelUpdate, dayField, hoursSummary } from "../src/client/settings/channel-form.js";
import type { ChannelSettings } from "../src/client/settings/types.js";
import { groupEventTypes, isCovered, toggleEventType } from "../src/client/settings/webhook-form.js";

const channel: ChannelSettings = {
  id: "4b9f3f0e-6a53-4d0e-9d7e-5a1f2f9e1c11",
  type: "phone",
  name: "Front desk",
  phone: "+14155550161",
  timezone: "America/New_York",
  automatic_response_closed: "We are closed",
  opening_hours: [
    { id: "a", weekday: "Tuesday", opens_at: "08:30", closes_at: "18:00", state: "open" },
    { id: "b", weekday: "Sunday", opens_at: "00:00", closes_at: "00:00", state: "closed" },
  ],
  provider: "twilio",
  send_rate: 2.5,
  updated_at: "2026-12-03T10:00:00.000Z",
};

describe("the channel form", () => {
  it("reads a channel: its open days ticked with their range, the others closed at 09:00–17:00", () => {
    const form = channelToForm(channel);
    expect(form).toMatchObject({
      name: "Front desk",
      send_rate: "2.5",
      automatic_response_open: "",
      automatic_response_closed: "We are closed",
      always_open: false,
    });
    expect(form.days.map((d) => [d.weekday, d.open, d.opens_at, d.closes_at])).toEqual([
      ["Monday", false, "09:00", "17:00"],
      ["Tuesday", true, "08:30", "18:00"],
      ["Wednesday", false, "09:00", "17:00"],
      ["Thursday", false, "09:00", "17:00"],
      ["Friday", false, "09:00", "17:00"],
      ["Saturday", false, "09:00", "17:00"],
      ["Sunday", false, "09:00", "17:00"],
    ]);
  });

  it("builds the update: every weekday in order, open or closed; an empty reply clears it", () => {
    const body = channelUpdate({ ...channelToForm(channel), send_rate: " 4 " });
    expect(body).toMatchObject({
      name: "Front desk",
      timezone: "America/New_York",
      send_rate: 4,
      automatic_response_open: null,
      automatic_response_closed: "We are closed",
    });
    const hours = body.opening_hours as Array<{ weekday: string; state: string }>;
    expect(hours.map((h) => h.weekday)).toEqual([
      "Monday",
      "Tuesday",
      "Wednesday",
      "Thursday",
      "Friday",
      "Saturday",
      "Sunday",
    ]);
    expect(hours.filter((h) => h.state === "open").map((h) => h.weekday)).toEqual(["Tuesday"]);
    expect(dayField("Tuesday", "closes_at")).toBe("opening_hours.1.closes_at");
  });

  it("always open sends no hours; a rate that is no number goes as typed for the API to refuse; none is left out", () => {
    const form = { ...channelToForm(channel), always_open: true };
    expect(channelUpdate(form).opening_hours).toEqual([]);
    expect(channelUpdate({ ...form, send_rate: "fast" }).send_rate).toBe("fast");
    expect(channelUpdate({ ...form, send_rate: "" })).not.toHaveProperty("send_rate");
  });

  it("summarizes hours for the list", () => {
    expect(hoursSummary(channel)).toBe("Tue 08:30–18:00");
    expect(hoursSummary({ opening_hours: [] })).toBe("Always open");
    expect(
      hoursSummary({ opening_hours: [channel.opening_hours[1] as ChannelSettings["opening_hours"][number]] }),
    ).toBe("Never open");
  });
});

describe("webhook event types as picked", () => {
  const NAMES = ["message.created", "message.updated", "contact.created", "lead.new"];

  it("groups the server's names by the resource their wildcard names, in its order", () => {
    expect(groupEventTypes(NAMES)).toEqual([
      { resource: "message", wildcard: "message.*", names: ["message.created", "message.updated"] },
      { resource: "contact", wildcard: "contact.*", names: ["contact.created"] },
      { resource: "lead", wildcard: "lead.*", names: ["lead.new"] },
    ]);
  });

  it("a wildcard replaces the names it covers; * replaces everything", () => {
    const picked = toggleEventType(["message.created", "contact.created"], "message.*", true);
    expect(picked).toEqual(["contact.created", "message.*"]);
    expect(isCovered(picked, "message.updated")).toBe(true);
    expect(isCovered(picked, "lead.new")).toBe(false);
    expect(toggleEventType(picked, "*", true)).toEqual(["*"]);
    expect(isCovered(["*"], "lead.new")).toBe(true);
  });

  it("ticking a name twice sends it once; unticking takes it off", () => {
    expect(toggleEventType(["lead.new"], "lead.new", true)).toEqual(["lead.new"]);
    expect(toggleEventType(["lead.new", "message.*"], "message.*", false)).toEqual(["lead.new"]);
  });
});
