import { describe, expect, it } from "vitest";
import {
  campaignCounts,
  formatCount,
  formatDuration,
  percentOf,
  recipientTotal,
  skipReasonLabel,
} from "../src/client/campaigns/counts.js";
import type { Campaign } from "../src/client/campaigns/types.js";

const campaign = {
  sent_messages: 1180,
  slated_messages: 20,
  failed_deliveries: 30,
  responses: 115,
  link_clicks: 4,
  unsubscribes: 12,
  recipients: { pending: 20, queued: 50, sent: 100, delivered: 1000, failed: 30, skipped: 5 },
} as Campaign;

describe("campaign counts", () => {
  it("formats counts with separators, nothing as 0", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(undefined)).toBe("0");
  });

  it("shares: whole percents, one decimal under 10%, a dash without a whole", () => {
    expect(percentOf(115, 1000)).toBe("12%");
    expect(percentOf(4, 1000)).toBe("0.4%");
    expect(percentOf(50, 1000)).toBe("5%");
    expect(percentOf(0, 1000)).toBe("0%");
    expect(percentOf(3, 0)).toBe("–");
  });

  it("every recipient counts, skipped included", () => {
    expect(recipientTotal(campaign)).toBe(1205);
    expect(recipientTotal({ recipients: {} })).toBe(0);
  });

  it("the cells the list and the detail show, replies and opt-outs as shares of the delivered", () => {
    const cells = Object.fromEntries(campaignCounts(campaign).map((c) => [c.key, c]));
    expect(cells.recipients?.value).toBe(1205);
    expect(cells.sent?.value).toBe(1180);
    expect(cells.delivered?.value).toBe(1000);
    expect(cells.failed?.value).toBe(30);
    expect(cells.replies).toMatchObject({ value: 115, rate: "12% of delivered" });
    expect(cells.opted_out).toMatchObject({ value: 12, rate: "1.2% of delivered" });
    expect(cells.clicks).toMatchObject({ value: 4, rate: "0.4% of delivered" });
    expect(cells.skipped?.value).toBe(5);
    expect(cells.pending?.value).toBe(20);
    expect(cells.sent).not.toHaveProperty("rate");
  });

  it("no rate before anything is delivered", () => {
    const fresh = { ...campaign, recipients: { pending: 3 }, responses: 0 } as Campaign;
    expect(campaignCounts(fresh).find((c) => c.key === "replies")).not.toHaveProperty("rate");
  });

  it("durations and reasons in words", () => {
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(600)).toBe("10 min");
    expect(formatDuration(7500)).toBe("2 h 5 min");
    expect(formatDuration(7200)).toBe("2 h");
    expect(skipReasonLabel("recent_campaign")).toBe("Had a recent campaign");
    expect(skipReasonLabel("something_new")).toBe("something new");
  });
});
