import { AppError, type Channel, ValidationError } from "@relay/domain";
import type { ConversationsDeps } from "../deps.js";
import { type FoundRecipient, projectedRecipient } from "../services/projected-contacts.js";
import type { Addressing, Parties } from "./policy.js";

const isCode = (error: unknown, ...codes: string[]) =>
  error instanceof AppError && codes.includes(error.code);

/** The channel of `type` a send goes out on, by its address; anything else is a 422 naming `from`. */
export async function resolveSenderChannel(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  request: { from: string; type: Channel["type"]; notAChannel: string },
): Promise<Channel> {
  try {
    return await deps.core.resolveChannel({
      organization_id: organizationId,
      address: request.from,
      type: request.type,
    });
  } catch (error) {
    if (isCode(error, "not_found", "validation_failed"))
      throw ValidationError.field("from", request.notAChannel);
    throw error;
  }
}

/** What a phone number that cannot be one is told (core's reason when it gave one). */
export const INVALID_PHONE = "must be a valid phone number";

/**
 * The contact a send goes to, by phone or email: from the contacts projection when it holds the
 * address once, else from core (created when new; `fromCore`: the caller puts it in the
 * projection); an impossible address is a 422 naming `to` with core's reason.
 */
export async function resolveRecipient(
  deps: Pick<ConversationsDeps, "core" | "db">,
  organizationId: string,
  by: { phone: string } | { email: string },
): Promise<FoundRecipient> {
  const known = await projectedRecipient(deps.db, organizationId, by);
  if (known) return { contact: known, fromCore: false };
  try {
    return {
      contact: await deps.core.resolveContact({ organization_id: organizationId, ...by }),
      fromCore: true,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "validation_failed") {
      const fallback = "phone" in by ? INVALID_PHONE : "must be a valid email address";
      throw ValidationError.field("to", error.details?.[0]?.message ?? fallback);
    }
    throw error;
  }
}

/** Addressing between numbers (SMS, WhatsApp): the channel by its number, the contact by theirs. */
export function phoneAddressing(channelOf: {
  type: "phone" | "whatsapp";
  notAChannel: string;
}): Pick<Addressing, "recipientBy" | "senderChannel" | "addresses"> {
  return {
    recipientBy: "phone",
    senderChannel: (deps, organizationId, from) =>
      resolveSenderChannel(deps, organizationId, { from, ...channelOf }),
    // Core may answer an email-only contact for a number it matched by email: it cannot be texted.
    addresses(channel, contact, input) {
      if (contact.phone === undefined) throw ValidationError.field("to", INVALID_PHONE);
      return { from: channel.phone ?? input.from, to: contact.phone };
    },
  };
}

/**
 * A single send's parties, through the channel's addressing: channel by `from`, the checks that
 * need no lock, then the contact by `to` (created when new). 422s naming the field.
 */
export async function resolveParties(
  deps: ConversationsDeps,
  addressing: Addressing,
  organizationId: string,
  input: { from: string; to: string },
  /** `checkRecipient: false` for what is never sent (a note to a bounced address is still a note). */
  options: { checkRecipient?: boolean } = {},
): Promise<Parties & { fromCore: boolean }> {
  const channel = await addressing.senderChannel(deps, organizationId, input.from);
  if (options.checkRecipient !== false)
    await addressing.checkRecipient?.(deps.db, { organizationId, channelId: channel.id }, input.to);
  const { contact, fromCore } = await resolveRecipient(
    deps,
    organizationId,
    addressing.recipientBy === "phone" ? { phone: input.to } : { email: input.to },
  );
  return { channel, contact, fromCore, ...addressing.addresses(channel, contact, input) };
}
