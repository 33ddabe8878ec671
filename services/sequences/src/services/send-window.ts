import {
  isValidTimeZone,
  nextOpenAt,
  nextWindowStart,
  type SequenceSettings,
  type StoredStep,
} from "@relay/domain";
import type { RunRow } from "../db/schema.js";
import type { SequencesDeps } from "../deps.js";

/**
 * When a due send or question may go: now, or the first instant the channel is open (the
 * step's `business_hours`) and inside the sequence's `quiet_hours`, both in the channel's time
 * zone. A channel that never opens holds nothing: the hours are ignored rather than the run
 * kept waiting for ever.
 */
export async function sendableAt(
  deps: Pick<SequencesDeps, "channels">,
  run: RunRow,
  step: StoredStep,
  settings: SequenceSettings | undefined,
  now: Date,
): Promise<Date> {
  const business = (step.type === "send" || step.type === "collect") && step.business_hours === true;
  const quiet = settings?.quiet_hours ?? null;
  if (!business && !quiet) return now;
  const channel = await deps.channels.channel(run.organization_id, run.channel_id);
  const zone = isValidTimeZone(channel.timezone) ? channel.timezone : "UTC";
  let at = now;
  // Each condition only moves the instant later; a few rounds settle on one both accept.
  for (let round = 0; round < 8; round++) {
    const open = business ? (nextOpenAt(channel.opening_hours, zone, at) ?? at) : at;
    const allowed = quiet ? nextWindowStart(open, zone, quiet) : open;
    if (allowed.getTime() === at.getTime()) return at;
    at = allowed;
  }
  return at;
}
