import { knownProviderIds, type LedgerSend } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type twilio from "twilio";
import type { PhoneDB } from "../db/schema.js";
import { toProviderError } from "../twilio/provider-error.js";
import type { PhoneSendPayload } from "./twilio-send-provider.js";

/** Clocks differ: a message created this long before our attempt mark still counts as its. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The message an attempt of unknown outcome may have created: Twilio's newest messages from our
 * number to theirs, created since the attempt started, with our body and media count, that no
 * other send of ours already owns. Filtered by To and From only: a `DateSent` filter would miss
 * a message still queued at Twilio (it has no date_sent yet).
 */
export async function findTwilioMessage(
  db: Kysely<PhoneDB>,
  client: twilio.Twilio,
  send: LedgerSend<PhoneSendPayload>,
): Promise<string | undefined> {
  const { to, from, body = "", media_urls } = send.payload;
  const since = (send.attempt_started_at?.getTime() ?? 0) - CLOCK_SKEW_MS;
  const recent = await client.messages.list({ to, from, limit: 50 }).catch((error: unknown) => {
    throw toProviderError(error);
  });
  const candidates = recent.filter(
    (message) =>
      message.dateCreated.getTime() >= since &&
      // A trial account prefixes bodies ("Sent from your Twilio trial account - …").
      (message.body === body || message.body.endsWith(` - ${body}`)) &&
      Number(message.numMedia) === media_urls.length,
  );
  const taken = await knownProviderIds(
    db,
    candidates.map((message) => message.sid),
  );
  // Newest first: the oldest match is the one closest to our attempt.
  return candidates.reverse().find((message) => !taken.has(message.sid))?.sid;
}
