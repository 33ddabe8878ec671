import type { OpeningHour, Weekday } from "../core/channel.js";
import { zoneOffsetMs } from "../time/zone-clock.js";

const WEEKDAYS: Weekday[] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function localTime(at: Date, timeZone: string): { weekday: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: get("weekday") as Weekday, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Is a channel open at `at`, in its time zone? A channel with no opening hours is always open.
 * A range whose close is before its open runs overnight into the next day.
 */
export function isOpenAt(
  hours: Pick<OpeningHour, "weekday" | "opens_at" | "closes_at" | "state">[],
  timeZone: string,
  at: Date,
): boolean {
  const open = hours.filter((h) => h.state === "open");
  if (hours.length === 0) return true;
  const { weekday, minutes } = localTime(at, timeZone);
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(weekday) + 6) % 7];
  return open.some((h) => {
    const opens = toMinutes(h.opens_at);
    const closes = toMinutes(h.closes_at);
    if (opens <= closes) return h.weekday === weekday && minutes >= opens && minutes < closes;
    // Overnight: the part after midnight belongs to the previous day's range.
    return (h.weekday === weekday && minutes >= opens) || (h.weekday === yesterday && minutes < closes);
  });
}

const DAY_MS = 86_400_000;

/** The instant a wall-clock time (read as UTC: `Date.UTC(y, m, d, h, min)`) is in the zone. */
function instantOf(wallMs: number, timeZone: string): number {
  const guess = wallMs - zoneOffsetMs(wallMs, timeZone);
  return wallMs - zoneOffsetMs(guess, timeZone);
}

/**
 * `at` when the channel is open then, else when it next opens (within a week): the earliest
 * opening of a range after `at`. Undefined when it never opens (every day closed).
 */
export function nextOpenAt(
  hours: Pick<OpeningHour, "weekday" | "opens_at" | "closes_at" | "state">[],
  timeZone: string,
  at: Date,
): Date | undefined {
  if (isOpenAt(hours, timeZone, at)) return at;
  const open = hours.filter((h) => h.state === "open");
  let best: number | undefined;
  for (let day = 0; day <= 7; day++) {
    const probe = at.getTime() + day * DAY_MS;
    const wall = new Date(probe + zoneOffsetMs(probe, timeZone));
    const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
    const weekday = WEEKDAYS[wall.getUTCDay()];
    for (const range of open) {
      if (range.weekday !== weekday) continue;
      const opens = instantOf(midnight + toMinutes(range.opens_at) * 60_000, timeZone);
      // A time a clock change skips over is not an opening; the next range's is.
      if (opens <= at.getTime() || (best !== undefined && opens >= best)) continue;
      if (isOpenAt(hours, timeZone, new Date(opens))) best = opens;
    }
  }
  return best === undefined ? undefined : new Date(best);
}
