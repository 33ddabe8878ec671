import { type CommunicationPreference, ConsentChanged, type ConsentSource } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { type ConsentKey, findConsent, lockConsent, writeConsent } from "../db/consents.js";
import type { ConversationsDB } from "../db/schema.js";
import { toPreference } from "./consent-view.js";

/** Opt-outs only the contact (START) or an explicit API opt-in may lift. */
const CONTACT_OPT_OUTS = new Set<string>(["keyword", "provider_error"]);

export interface ConsentRequest extends ConsentKey {
  optIn: boolean;
  source: ConsentSource;
  /** The keyword or text that caused it, or the provider's error. */
  detail?: string;
  /**
   * `explicit` (the opt-in/opt-out routes, keywords, provider errors) always applies.
   * `implied` (opt-ins riding along on a send or a contact write) never lifts an opt-out the
   * contact asked for or the carrier reported.
   */
  strength: "explicit" | "implied";
  /** The web user making the change (the history records who). */
  userId?: number;
}

export interface ConsentOutcome {
  /** The state now; undefined when there is still no record. */
  preference: CommunicationPreference | undefined;
  changed: boolean;
  /** Whether the contact was opted out before (false with no record: consent was never refused). */
  wasOptedOut: boolean;
}

/**
 * Changes a contact's consent on a channel: the current state, one history row and a
 * `conversations.consent.changed` event, all in the caller's transaction. Asking for the
 * state it already has changes nothing.
 */
export async function setConsent(
  trx: Transaction<ConversationsDB>,
  request: ConsentRequest,
): Promise<ConsentOutcome> {
  await lockConsent(trx, request);
  const current = await findConsent(trx, request);
  const wasOptedOut = current !== undefined && !current.opt_in;
  const unchanged = { preference: current && toPreference(current), changed: false, wasOptedOut };
  if (current && current.opt_in === request.optIn) return unchanged;
  if (request.strength === "implied" && current && !current.opt_in && CONTACT_OPT_OUTS.has(current.source)) {
    return unchanged;
  }
  const row = await writeConsent(trx, request);
  const preference = toPreference(row);
  await enqueue(
    trx,
    newEvent(ConsentChanged, request.organizationId, {
      contact_id: request.contactId,
      channel_id: request.channelId,
      opt_in: request.optIn,
      source: request.source,
      ...(request.detail !== undefined && { detail: request.detail }),
      changed_at: preference.updated_at,
    }),
  );
  return { preference, changed: true, wasOptedOut };
}
