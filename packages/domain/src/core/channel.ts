import { z } from "zod";
import { defineEvent } from "../events.js";
import { type FreeFormLimits, freeFormObject } from "../free-form.js";
import { ChannelProvider, ChannelType } from "./channel-provider.js";
import { UserId, UserIds } from "./user.js";

export const Weekday = z.enum(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]);
export type Weekday = z.infer<typeof Weekday>;

export const OpeningState = z.enum(["open", "closed"]);
export type OpeningState = z.infer<typeof OpeningState>;

/** `HH:MM`, 24-hour clock, in the channel's time zone. */
export const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM (00:00 to 23:59)");

function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z]/.test(name)) return undefined; // IANA names only, not offsets such as +01:00
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** An IANA time zone (validated by the runtime's Intl data), in its canonical spelling. */
export const TimeZone = z
  .string()
  .trim()
  .max(64)
  .transform((name, ctx) => {
    const canonical = canonicalTimeZone(name);
    if (canonical) return canonical;
    ctx.addIssue({ code: "custom", message: "must be an IANA time zone such as America/New_York" });
    return z.NEVER;
  });

export const OpeningHour = z.object({
  id: z.uuid(),
  weekday: Weekday,
  opens_at: z.string(),
  closes_at: z.string(),
  state: OpeningState,
});
export type OpeningHour = z.infer<typeof OpeningHour>;

export const OpeningHourInput = z.strictObject({
  weekday: Weekday,
  opens_at: TimeOfDay,
  closes_at: TimeOfDay,
  state: OpeningState.default("open"),
});
export type OpeningHourInput = z.infer<typeof OpeningHourInput>;

/**
 * The contract's Channel, plus `type`, `provider`, `has_credentials`, `send_rate` and `help_text`.
 * Empty optional fields are left out (the contract types them as non-null strings).
 * Credentials are never part of it.
 */
export const Channel = z.object({
  id: z.uuid(),
  type: ChannelType,
  name: z.string(),
  description: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  timezone: z.string(),
  color: z.string().optional(),
  emoji: z.string().optional(),
  automatic_response_open: z.string().optional(),
  automatic_response_closed: z.string().optional(),
  help_text: z.string().optional(),
  opening_hours: z.array(OpeningHour),
  provider: ChannelProvider,
  has_credentials: z.boolean(),
  /** Messages per second the provider may be sent on this channel. */
  send_rate: z.number(),
  /** Phone channels: numbers an inbound call rings during opening hours (E.164), in order. */
  voice_forwarding_numbers: z.array(z.string()).optional(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type Channel = z.infer<typeof Channel>;

export const ChannelList = z.object({
  organization_id: z.uuid(),
  data: z.array(Channel),
  total: z.int(),
});
export type ChannelList = z.infer<typeof ChannelList>;

/** Most messages per second, and fewest: 1/send_rate is the pause between two sends. */
export const MAX_SEND_RATE = 100;
export const MIN_SEND_RATE = 0.01;

/** Credentials are a few short secrets; anything bigger is not credentials. */
const CREDENTIALS_LIMITS: FreeFormLimits = { maxBytes: 16 * 1024, maxDepth: 2, maxKeys: 20 };

const Text = (max: number) => z.string().trim().max(max);
const Label = (max: number) => z.string().trim().min(1).max(max);

export const CreateChannel = z.strictObject({
  type: ChannelType,
  name: Label(200),
  description: Text(1000).optional(),
  /** For phone and WhatsApp channels; normalized to E.164 with the organization's country. */
  phone: Label(40).optional(),
  /** For email channels. */
  address: Text(320).pipe(z.email()).optional(),
  timezone: TimeZone.optional(),
  color: Label(50).optional(),
  emoji: Label(32).optional(),
  opening_hours: z.array(OpeningHourInput).max(50).optional(),
  automatic_response_open: Text(1600).optional(),
  automatic_response_closed: Text(1600).optional(),
  /** Answer to the HELP keyword. */
  help_text: Text(1600).optional(),
  provider: ChannelProvider.optional(),
  /** Checked against the provider's schema (see CREDENTIALS_BY_PROVIDER). */
  credentials: freeFormObject(CREDENTIALS_LIMITS).optional(),
  send_rate: z.number().min(MIN_SEND_RATE).max(MAX_SEND_RATE).optional(),
  /** Phone channels only; normalized to E.164 like `phone`. */
  voice_forwarding_numbers: z.array(Label(40)).max(10).optional(),
});
export type CreateChannel = z.infer<typeof CreateChannel>;

/** A partial update; `null` clears an optional text, `opening_hours` replaces them all. */
export const UpdateChannel = z.strictObject({
  name: CreateChannel.shape.name.optional(),
  description: Text(1000).nullable().optional(),
  phone: CreateChannel.shape.phone,
  address: CreateChannel.shape.address,
  timezone: CreateChannel.shape.timezone,
  color: Label(50).nullable().optional(),
  emoji: Label(32).nullable().optional(),
  opening_hours: CreateChannel.shape.opening_hours,
  automatic_response_open: Text(1600).nullable().optional(),
  automatic_response_closed: Text(1600).nullable().optional(),
  help_text: Text(1600).nullable().optional(),
  provider: CreateChannel.shape.provider,
  credentials: CreateChannel.shape.credentials,
  send_rate: CreateChannel.shape.send_rate,
  /** Replaces the list; `null` or `[]` clears it. */
  voice_forwarding_numbers: z.array(Label(40)).max(10).nullable().optional(),
});
export type UpdateChannel = z.infer<typeof UpdateChannel>;

/** Who may use a channel: replaces the list. */
export const SetChannelUsers = z.strictObject({ user_ids: UserIds });
export type SetChannelUsers = z.infer<typeof SetChannelUsers>;

/** Channel events carry the public shape and the users who may use it; never credentials. */
export const ChannelEventData = Channel.extend({ user_ids: z.array(UserId) });
export type ChannelEventData = z.infer<typeof ChannelEventData>;

export const ChannelCreated = defineEvent("core.channel.created", ChannelEventData);
export const ChannelUpdated = defineEvent("core.channel.updated", ChannelEventData);
export const ChannelDeleted = defineEvent(
  "core.channel.deleted",
  z.object({ id: z.uuid(), type: ChannelType }),
);
