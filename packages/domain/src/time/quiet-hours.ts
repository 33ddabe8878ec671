import { zoneOffsetMs } from "./zone-clock.js";

/** The daily window in which sending IS allowed, local wall-clock "HH:MM", start included, end excluded. */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: "08:00", end: "21:00" };

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
// Each step crosses one offset change or reaches an answer; real zones change a few times a year.
const MAX_STEPS = 16;

function clockMs(time: string, window: QuietHours): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`sending window ${window.start}–${window.end}: "${time}" is not HH:MM`);
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
}

function windowBounds(window: QuietHours): { startMs: number; endMs: number } {
  const startMs = clockMs(window.start, window);
  const endMs = clockMs(window.end, window);
  if (startMs >= endMs)
    throw new RangeError(`sending window ${window.start}–${window.end}: start must be before end`);
  return { startMs, endMs };
}

/** Milliseconds since local midnight at instant `ms`, and the offset in force then. */
function localClock(ms: number, timeZone: string): { offset: number; clock: number } {
  const offset = zoneOffsetMs(ms, timeZone);
  return { offset, clock: (((ms + offset) % DAY_MS) + DAY_MS) % DAY_MS };
}

/**
 * The first instant in (from, to] whose offset differs from `offset`, or undefined when the offset
 * at `to` is still `offset`: two changes cancelling out within two days happen in no real zone.
 */
function firstOffsetChange(from: number, to: number, offset: number, timeZone: string): number | undefined {
  if (zoneOffsetMs(to, timeZone) === offset) return undefined;
  let before = from;
  let after = to;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (zoneOffsetMs(middle, timeZone) === offset) before = middle;
    else after = middle;
  }
  return after;
}

/** Whether the local wall-clock time at `at` is in [start, end). */
export function isInsideWindow(
  at: Date,
  timeZone: string,
  window: QuietHours = DEFAULT_QUIET_HOURS,
): boolean {
  const { startMs, endMs } = windowBounds(window);
  const { clock } = localClock(at.getTime(), timeZone);
  return clock >= startMs && clock < endMs;
}

/**
 * `at` when inside the window, else the first later instant that is: on a day when the start
 * falls in a spring-forward gap, the first instant after the gap; when the clock falls back
 * into the window, the instant it does. Walks one stretch of constant offset at a time.
 */
export function nextWindowStart(at: Date, timeZone: string, window: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const { startMs, endMs } = windowBounds(window);
  let ms = at.getTime();
  for (let step = 0; step < MAX_STEPS; step++) {
    const { offset, clock } = localClock(ms, timeZone);
    if (clock >= startMs && clock < endMs) return new Date(ms);
    const untilStart = clock < startMs ? startMs - clock : DAY_MS - clock + startMs;
    const change = firstOffsetChange(ms, ms + untilStart, offset, timeZone);
    if (change === undefined) return new Date(ms + untilStart);
    ms = change;
  }
  throw new Error(
    `no sending window ${window.start}–${window.end} found in ${timeZone} after ${at.toISOString()}`,
  );
}

/**
 * When the window containing `at` closes: the first instant after `at` outside it (the end, or
 * a clock change that jumps out of it). `at` itself when `at` is outside: no time left to send.
 */
export function windowEnd(at: Date, timeZone: string, window: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const { startMs, endMs } = windowBounds(window);
  let ms = at.getTime();
  for (let step = 0; step < MAX_STEPS; step++) {
    const { offset, clock } = localClock(ms, timeZone);
    if (clock < startMs || clock >= endMs) return new Date(ms);
    const change = firstOffsetChange(ms, ms + endMs - clock, offset, timeZone);
    if (change === undefined) return new Date(ms + endMs - clock);
    ms = change;
  }
  throw new Error(
    `sending window ${window.start}–${window.end} in ${timeZone} never closes after ${at.toISOString()}`,
  );
}
