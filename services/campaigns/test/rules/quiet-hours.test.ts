import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isInsideWindow, isValidTimeZone, nextWindowStart, windowEnd } from "../../src/rules/index.js";
import { insideByIntl, localHhMm, offsetTransitions } from "./zone-transitions.js";

const ZONES = [
  "America/New_York",
  "America/Los_Angeles",
  "Europe/London",
  "Australia/Lord_Howe", // 30-minute DST
  "Asia/Kolkata",
  "Pacific/Chatham", // +12:45 / +13:45
  "America/Sao_Paulo", // DST abolished in 2019
  "Pacific/Apia", // DST abolished in 2021
  "Asia/Tehran", // changed at midnight until 2022
  "Africa/Casablanca", // clocks go back for Ramadan each year
  "UTC",
];
const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2030, 11, 31);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const transitions = new Map<string, number[]>();
function transitionsOf(zone: string): number[] {
  let found = transitions.get(zone);
  if (!found) {
    found = offsetTransitions(zone, FROM - 2 * 86_400_000, TO + 3 * 86_400_000);
    transitions.set(zone, found);
  }
  return found;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Windows of any length; half of them start in the small hours, where clocks change. */
const windowArb = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 1438 }), fc.integer({ min: 0, max: 240 })), fc.nat())
  .map(([start, length]) => ({ start: hhmm(start), end: hhmm(start + 1 + (length % (1439 - start))) }));

/** A zone and an instant: anywhere in 2020–2030, or within a day and a half of one of its clock changes. */
const zoneAndInstantArb = fc.constantFrom(...ZONES).chain((zone) => {
  const changes = transitionsOf(zone);
  const anywhere = fc.integer({ min: FROM, max: TO });
  const nearChange =
    changes.length === 0
      ? anywhere
      : fc
          .tuple(fc.constantFrom(...changes), fc.integer({ min: -36 * HOUR, max: 36 * HOUR }))
          .map(([change, delta]) => change + delta);
  const aroundChange =
    changes.length === 0
      ? anywhere
      : fc
          .tuple(fc.constantFrom(...changes), fc.integer({ min: -2, max: 2 }))
          .map(([change, delta]) => change + delta);
  return fc.tuple(fc.constant(zone), fc.oneof(anywhere, nearChange, aroundChange));
});

/**
 * Every instant in [from, to) that could be inside, checked by Intl: whole UTC minutes are the
 * local minute boundaries (offsets are whole minutes since 1972), plus each clock change.
 */
function someInstantInside(from: number, to: number, zone: string, window: { start: string; end: string }) {
  const candidates = [from];
  for (let ms = Math.ceil(from / MINUTE) * MINUTE; ms < to; ms += MINUTE) candidates.push(ms);
  for (const change of transitionsOf(zone)) if (change > from && change < to) candidates.push(change);
  return candidates.some((ms) => ms < to && insideByIntl(ms, zone, window));
}

describe("nextWindowStart", () => {
  it("is inside, not before `at`, and nothing between is inside", () => {
    fc.assert(
      fc.property(zoneAndInstantArb, windowArb, ([zone, at], window) => {
        const start = nextWindowStart(new Date(at), zone, window).getTime();
        expect(start).toBeGreaterThanOrEqual(at);
        expect(insideByIntl(start, zone, window)).toBe(true);
        expect(isInsideWindow(new Date(start), zone, window)).toBe(true);
        if (start > at) expect(insideByIntl(start - 1, zone, window)).toBe(false);
        expect(someInstantInside(at, start, zone, window)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("is idempotent and returns `at` exactly when `at` is inside", () => {
    fc.assert(
      fc.property(zoneAndInstantArb, windowArb, ([zone, at], window) => {
        const start = nextWindowStart(new Date(at), zone, window);
        expect(nextWindowStart(start, zone, window).getTime()).toBe(start.getTime());
        expect(start.getTime() === at).toBe(insideByIntl(at, zone, window));
      }),
      { numRuns: 400 },
    );
  });

  it("skips the spring-forward gap to its first instant", () => {
    // New York, 2024-03-10: 02:00 EST became 03:00 EDT at 07:00Z, so 02:30 never happened.
    const start = nextWindowStart(new Date("2024-03-10T05:00:00Z"), "America/New_York", {
      start: "02:30",
      end: "21:00",
    });
    expect(start.toISOString()).toBe("2024-03-10T07:00:00.000Z");
    expect(localHhMm(start.getTime(), "America/New_York")).toBe("03:00");
  });

  it("goes to the next day when the whole window falls in the gap", () => {
    const start = nextWindowStart(new Date("2024-03-10T05:00:00Z"), "America/New_York", {
      start: "02:00",
      end: "02:59",
    });
    expect(start.toISOString()).toBe("2024-03-11T06:00:00.000Z"); // 02:00 EDT
  });

  it("takes the first occurrence of a repeated wall time on fall-back days", () => {
    // New York, 2024-11-03: 01:00–02:00 happened twice, EDT (05:00Z) then EST (06:00Z).
    const window = { start: "01:30", end: "21:00" };
    expect(nextWindowStart(new Date("2024-11-03T04:00:00Z"), "America/New_York", window).toISOString()).toBe(
      "2024-11-03T05:30:00.000Z",
    );
  });

  it("re-enters a window the clock falls back into", () => {
    // 01:40 EDT is past a 01:00–01:30 window, but 20 minutes later it is 01:00 EST.
    const window = { start: "01:00", end: "01:30" };
    expect(nextWindowStart(new Date("2024-11-03T05:40:00Z"), "America/New_York", window).toISOString()).toBe(
      "2024-11-03T06:00:00.000Z",
    );
  });

  it("handles Lord Howe's 30-minute change", () => {
    // 2024-10-06 02:00 LHST (+10:30) became 02:30 LHDT (+11) at 2024-10-05T15:30Z.
    const start = nextWindowStart(new Date("2024-10-05T15:00:00Z"), "Australia/Lord_Howe", {
      start: "02:15",
      end: "08:00",
    });
    expect(start.toISOString()).toBe("2024-10-05T15:30:00.000Z");
  });

  it("handles Tehran's midnight change (the day began at 01:00)", () => {
    // 2021-03-22 00:00 +03:30 became 01:00 +04:30 at 2021-03-21T20:30Z.
    const start = nextWindowStart(new Date("2021-03-21T20:00:00Z"), "Asia/Tehran", {
      start: "00:00",
      end: "00:30",
    });
    expect(start.toISOString()).toBe("2021-03-22T19:30:00.000Z"); // 00:00 the next day, +04:30
  });

  it("uses the default 08:00–21:00 window", () => {
    expect(nextWindowStart(new Date("2025-06-02T12:00:00Z"), "America/Los_Angeles").toISOString()).toBe(
      "2025-06-02T15:00:00.000Z",
    );
  });

  it("refuses malformed windows", () => {
    const at = new Date("2025-06-02T02:00:00Z");
    expect(() => nextWindowStart(at, "UTC", { start: "21:00", end: "08:00" })).toThrow(RangeError);
    expect(() => nextWindowStart(at, "UTC", { start: "8:00", end: "21:00" })).toThrow(RangeError);
    expect(() => isInsideWindow(at, "UTC", { start: "08:00", end: "24:00" })).toThrow(RangeError);
  });
});

describe("windowEnd", () => {
  it("is the first instant after `at` outside the window, everything before it inside", () => {
    fc.assert(
      fc.property(zoneAndInstantArb, windowArb, ([zone, instant], window) => {
        const at = nextWindowStart(new Date(instant), zone, window).getTime();
        const end = windowEnd(new Date(at), zone, window).getTime();
        expect(end).toBeGreaterThan(at);
        expect(insideByIntl(end, zone, window)).toBe(false);
        expect(insideByIntl(end - 1, zone, window)).toBe(true);
        const samples = [at];
        for (let ms = Math.ceil(at / MINUTE) * MINUTE; ms < end; ms += MINUTE) samples.push(ms);
        expect(samples.every((ms) => insideByIntl(ms, zone, window))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("is `at` itself outside the window", () => {
    const at = new Date("2025-06-02T02:00:00Z");
    expect(windowEnd(at, "UTC").getTime()).toBe(at.getTime());
  });

  it("closes early when the clock springs forward past the end", () => {
    // London, 2025-03-30: 01:00 GMT became 02:00 BST at 01:00Z; a 00:30–01:30 window closes then.
    const end = windowEnd(new Date("2025-03-30T00:45:00Z"), "Europe/London", {
      start: "00:30",
      end: "01:30",
    });
    expect(end.toISOString()).toBe("2025-03-30T01:00:00.000Z");
  });

  it("closes at 21:00 local by default", () => {
    expect(windowEnd(new Date("2025-01-15T12:00:00Z"), "Asia/Kolkata").toISOString()).toBe(
      "2025-01-15T15:30:00.000Z",
    );
  });
});

describe("isInsideWindow", () => {
  it("agrees with Intl's local time", () => {
    fc.assert(
      fc.property(zoneAndInstantArb, windowArb, ([zone, at], window) => {
        expect(isInsideWindow(new Date(at), zone, window)).toBe(insideByIntl(at, zone, window));
      }),
      { numRuns: 2000 },
    );
  });

  it("includes the start and excludes the end", () => {
    const window = { start: "08:00", end: "21:00" };
    expect(isInsideWindow(new Date("2025-01-15T08:00:00Z"), "UTC", window)).toBe(true);
    expect(isInsideWindow(new Date("2025-01-15T20:59:59.999Z"), "UTC", window)).toBe(true);
    expect(isInsideWindow(new Date("2025-01-15T21:00:00Z"), "UTC", window)).toBe(false);
    expect(isInsideWindow(new Date("2025-01-15T07:59:59.999Z"), "UTC", window)).toBe(false);
  });
});

describe("isValidTimeZone", () => {
  it("accepts IANA names and refuses the rest", () => {
    for (const zone of [...ZONES, "Etc/GMT+5", "america/new_york"]) expect(isValidTimeZone(zone)).toBe(true);
    for (const zone of ["", "Mars/Olympus", "+05:30", "-03:00", " UTC", null, undefined, 5]) {
      expect(isValidTimeZone(zone)).toBe(false);
    }
  });
});
