import type { Message } from "../types.js";

/** Meta's customer-service window: free-form messages only this long after the contact last wrote. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export type WindowState =
  | { open: true; until: Date; lastInbound: Date }
  | { open: false; lastInbound: Date | undefined };

/**
 * The 24-hour window as the API enforces it at send: open while the contact's newest inbound
 * message is less than 24 hours old; never written → closed (only templates go).
 */
export function whatsAppWindow(messages: readonly Message[], now: Date): WindowState {
  let last: number | undefined;
  for (const message of messages) {
    if (message.direction !== "INBOUND" || message.type === "note") continue;
    const at = Date.parse(message.created_at);
    if (last === undefined || at > last) last = at;
  }
  if (last === undefined) return { open: false, lastInbound: undefined };
  const until = last + WINDOW_MS;
  return now.getTime() < until
    ? { open: true, until: new Date(until), lastInbound: new Date(last) }
    : { open: false, lastInbound: new Date(last) };
}
