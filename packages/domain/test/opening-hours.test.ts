import { describe, expect, it } from "vitest";
import { canAdvance } from "../src/messaging/delivery.js";
import { isOpenAt, nextOpenAt } from "../src/messaging/opening-hours.js";

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

describe("nextOpenAt", () => {
  const zone = "America/New_York";

  it("is the instant itself while open, and the next opening after a close, across a weekend", () => {
    const monday10 = new Date("2026-01-05T15:00:00Z");
    expect(nextOpenAt(weekdays, zone, monday10)).toEqual(monday10);
    expect(nextOpenAt(weekdays, zone, new Date("2026-01-05T23:00:00Z"))).toEqual(
      new Date("2026-01-06T14:00:00Z"),
    );
    expect(nextOpenAt(weekdays, zone, new Date("2026-01-09T22:30:00Z"))).toEqual(
      new Date("2026-01-12T14:00:00Z"),
    );
  });

  it("reads opening times on the local clock across a daylight-saving change", () => {
    // Saturday 7 March 2026, then clocks go forward: Monday 9:00 is 13:00 UTC, not 14:00.
    expect(nextOpenAt(weekdays, zone, new Date("2026-03-07T12:00:00Z"))).toEqual(
      new Date("2026-03-09T13:00:00Z"),
    );
  });

  it("is undefined for a channel that never opens, and the instant itself for one with no hours", () => {
    const closed = weekdays.map((h) => ({ ...h, state: "closed" as const }));
    const at = new Date("2026-01-05T23:00:00Z");
    expect(nextOpenAt(closed, zone, at)).toBeUndefined();
    expect(nextOpenAt([], zone, at)).toEqual(at);
  });
});
