/**
 * Test helpers that read zones without the code under test: `Intl` formats the local "HH:MM"
 * and the UTC offset name, and offset changes are found by scanning days then bisecting.
 */
const clockFormats = new Map<string, Intl.DateTimeFormat>();
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, zone: string, make: () => Intl.DateTimeFormat) {
  let format = map.get(zone);
  if (!format) {
    format = make();
    map.set(zone, format);
  }
  return format;
}

/** Local wall-clock "HH:MM" at `ms` in `zone`. */
export function localHhMm(ms: number, zone: string): string {
  const format = cached(
    clockFormats,
    zone,
    () =>
      new Intl.DateTimeFormat("en-GB", {
        timeZone: zone,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }),
  );
  return format.format(ms);
}

/** The zone's offset name at `ms`, e.g. "GMT-04:00". */
export function offsetName(ms: number, zone: string): string {
  const format = cached(
    offsetFormats,
    zone,
    () => new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }),
  );
  return format.formatToParts(ms).find((p) => p.type === "timeZoneName")?.value ?? "";
}

export function insideByIntl(ms: number, zone: string, window: { start: string; end: string }): boolean {
  const hhmm = localHhMm(ms, zone);
  return hhmm >= window.start && hhmm < window.end;
}

const HOUR = 3_600_000;

/** Every instant in [from, to) at which `zone`'s offset changes (to the millisecond). */
export function offsetTransitions(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let ms = from; ms < to; ms += 6 * HOUR) {
    const next = ms + 6 * HOUR;
    if (offsetName(ms, zone) === offsetName(next, zone)) continue;
    let before = ms;
    let after = next;
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (offsetName(middle, zone) === offsetName(ms, zone)) before = middle;
      else after = middle;
    }
    found.push(after);
  }
  return found;
}
