import type { QuietHoursWindow } from "@relay/domain";
import { nextWindowStart, windowEnd } from "../rules/index.js";

/**
 * When `messages` sent at `rate` per second, only inside the daily window, start and finish:
 * the sending time is laid over the windows one day at a time.
 */
export function estimateFinish(input: {
  start: Date;
  messages: number;
  rate: number;
  timeZone: string;
  window: QuietHoursWindow;
}): { start: Date; finish: Date } {
  const first = nextWindowStart(input.start, input.timeZone, input.window);
  let remainingMs = (input.messages / input.rate) * 1000;
  let at = first;
  // A window is at least a minute: a year of windows bounds the loop for any real campaign.
  for (let day = 0; day < 400 && remainingMs > 0; day++) {
    const closes = windowEnd(at, input.timeZone, input.window);
    const open = closes.getTime() - at.getTime();
    if (open >= remainingMs) return { start: first, finish: new Date(at.getTime() + remainingMs) };
    remainingMs -= open;
    at = nextWindowStart(closes, input.timeZone, input.window);
  }
  return { start: first, finish: at };
}
