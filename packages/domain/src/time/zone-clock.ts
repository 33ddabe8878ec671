/**
 * Wall-clock readings of instants in IANA time zones, from `Intl` (Node ships full ICU),
 * so no time zone database of our own goes stale.
 */

// Building a DateTimeFormat costs far more than using one; cleared if hostile names pile up.
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 1000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** An IANA zone name (`Europe/London`, `UTC`) that `Intl` knows; offsets such as `+05:30` are not names. */
export function isValidTimeZone(name: unknown): name is string {
  if (typeof name !== "string" || !/^[A-Za-z]/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * How far the zone's wall clock is ahead of UTC at the instant `ms`, in milliseconds:
 * the local wall time, read as if it were UTC, is `ms + zoneOffsetMs(ms, zone)`.
 */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  wall.setUTCFullYear(part("year"), part("month") - 1, part("day"));
  wall.setUTCHours(part("hour"), part("minute"), part("second"), 0);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return wall.getTime() - wholeSecond;
}
