import type { OpeningHour, Weekday } from "../core/channel.js";

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
