import { z } from "zod";
import { ChannelType } from "../core/channel-provider.js";
import { defineEvent } from "../events.js";
import { Pagination } from "../pagination.js";

/**
 * Who or what changed a contact's consent on a channel: the API's opt-in/opt-out routes, an
 * inbound keyword (STOP, START…), the provider refusing a send (Twilio 21610), the opt-ins a
 * contact was created or updated with, the opt-ins of a send request, or an email's one-click
 * unsubscribe link.
 */
export const ConsentSource = z.enum([
  "api",
  "keyword",
  "provider_error",
  "contact_created",
  "contact_updated",
  "send_opt_in",
  "unsubscribe_link",
]);
export type ConsentSource = z.infer<typeof ConsentSource>;

/** Contract `CommunicationPreference`, plus what last changed it. */
export const CommunicationPreference = z.object({
  channel_id: z.uuid(),
  opt_in: z.boolean(),
  updated_at: z.iso.datetime({ offset: true }),
  source: ConsentSource,
});
export type CommunicationPreference = z.infer<typeof CommunicationPreference>;

/** Contract `OptPreferenceRequest`: a channel by id, or a phone channel by its number. */
export const OptPreference = z
  .strictObject({
    channel_id: z.uuid().optional(),
    phone: z.string().trim().min(1).max(64).optional(),
  })
  .refine((r) => (r.channel_id === undefined) !== (r.phone === undefined), {
    message: "give exactly one of channel_id or phone",
    path: ["channel_id"],
  });
export type OptPreference = z.infer<typeof OptPreference>;

/** A change of a contact's consent on one channel, as recorded in the ledger. */
export const ConsentChange = z.object({
  contact_id: z.uuid(),
  channel_id: z.uuid(),
  opt_in: z.boolean(),
  source: ConsentSource,
  /** The keyword or text that caused it, or the provider's error. */
  detail: z.string().optional(),
  changed_at: z.iso.datetime({ offset: true }),
});
export type ConsentChange = z.infer<typeof ConsentChange>;

export const ConsentChanged = defineEvent("conversations.consent.changed", ConsentChange);

/**
 * Who made a consent change: a web user (their id beside it), the contact (a keyword, the
 * unsubscribe link), the provider (refusing a send), or an API caller (an API key, or a contact
 * write or send whose web user, if any, was not carried this far).
 */
export const ConsentActor = z.enum(["user", "contact", "provider", "api"]);
export type ConsentActor = z.infer<typeof ConsentActor>;

/** One change in `GET /v1/contacts/{id}/communication_preferences/history` (extension). */
export const ConsentHistoryEntry = z.object({
  id: z.string(),
  channel_id: z.uuid(),
  /** Absent when the channel has since been deleted. */
  channel_type: ChannelType.optional(),
  opt_in: z.boolean(),
  source: ConsentSource,
  /** The keyword the contact sent (`STOP`), the provider's error, `opt_in`/`opt_out` for the API. */
  detail: z.string().optional(),
  changed_by: ConsentActor,
  /** The web user who made it; recorded from the change of this history onwards (decision 57). */
  user_id: z.int().optional(),
  changed_at: z.iso.datetime({ offset: true }),
});
export type ConsentHistoryEntry = z.infer<typeof ConsentHistoryEntry>;

/** Pages of a contact's consent changes, newest first; `channel_id` keeps one channel's. */
export const ConsentHistoryQuery = Pagination.extend({ channel_id: z.uuid().optional() });
export type ConsentHistoryQuery = z.infer<typeof ConsentHistoryQuery>;

/** Conversations' internal consent lookup: which of up to 1,000 contacts refuse a channel. */
export const OptedOutLookup = z.strictObject({
  channel_id: z.uuid(),
  contact_ids: z.array(z.uuid()).min(1).max(1000),
});
export type OptedOutLookup = z.infer<typeof OptedOutLookup>;

/** Conversations' internal reply lookup: which of up to 1,000 contacts sent the organization anything since `since`. */
export const RepliedLookup = z.strictObject({
  contact_ids: z.array(z.uuid()).min(1).max(1000),
  since: z.iso.datetime({ offset: true }),
});
export type RepliedLookup = z.infer<typeof RepliedLookup>;
