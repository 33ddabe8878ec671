import { describe, expect, it } from "vitest";
import { canAdvance } from "../src/messaging/delivery.js";
import { isOpenAt } from "../src/messaging/opening-hours.js";

const weekdays = (["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] as const).map((weekday) => ({
  weekday,
  opens_at: "09:00",
  closes_at: "17:00",
  state: "open" as const,
}));

describe("isOpenAt", () => {
  it("reads the time in the channel's time zone", () => {
    // Monday 2026-11-23 16:30 UTC is 08:30 in Los Angeles (closed) and 11:30 in New York (open).
    const at = new Date("2026-11-23T16:30:00Z");
    expect(isOpenAt(weekdays, "America/Los_Angeles", at)).toBe(false);
    expect(isOpenAt(weekdays, "America/New_York", at)).toBe(true);
  });

  it("closes at the closing minute and on days without hours", () => {
    expect(isOpenAt(weekdays, "UTC", new Date("2026-11-23T16:59:00Z"))).toBe(true);
    expect(isOpenAt(weekdays, "UTC", new Date("2026-11-23T17:00:00Z"))).toBe(false);
    expect(isOpenAt(weekdays, "UTC", new Date("2026-11-22T12:00:00Z"))).toBe(false); // Sunday
  });

  it("runs an overnight range into the next morning", () => {
    const nights = [
      { weekday: "Friday" as const, opens_at: "22:00", closes_at: "06:00", state: "open" as const },
    ];
    expect(isOpenAt(nights, "UTC", new Date("2026-11-27T23:00:00Z"))).toBe(true); // Friday night
    expect(isOpenAt(nights, "UTC", new Date("2026-11-28T05:59:00Z"))).toBe(true); // Saturday early
    expect(isOpenAt(nights, "UTC", new Date("2026-11-28T06:00:00Z"))).toBe(false);
    expect(isOpenAt(nights, "UTC", new Date("2026-11-27T05:00:00Z"))).toBe(false); // Friday early
  });

  it("is always open without opening hours, never open when every day is closed", () => {
    expect(isOpenAt([], "UTC", new Date())).toBe(true);
    const closed = weekdays.map((h) => ({ ...h, state: "closed" as const }));
    expect(isOpenAt(closed, "UTC", new Date("2026-11-23T12:00:00Z"))).toBe(false);
  });
});

describe("canAdvance", () => {
  it("moves forward only", () => {
    expect(canAdvance("queued", "sent")).toBe(true);
    expect(canAdvance("sent", "delivered")).toBe(true);
    expect(canAdvance("delivered", "sent")).toBe(false);
    expect(canAdvance("delivered", "undelivered")).toBe(false);
    expect(canAdvance("scheduled", "queued")).toBe(true);
    expect(canAdvance("failed", "delivered")).toBe(false);
  });
});
