import { AppError, type Channel, type Contact, ValidationError } from "@relay/domain";
import type { ConversationsDeps } from "../deps.js";
import type { Parties } from "./policy.js";

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

/**
 * The contact a send goes to, by phone or email, created when new; an impossible address is a 422
 * naming `to` with core's reason.
 */
export async function resolveRecipient(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  by: { phone: string } | { email: string },
): Promise<Contact> {
  try {
    return await deps.core.resolveContact({ organization_id: organizationId, ...by });
  } catch (error) {
    if (error instanceof AppError && error.code === "validation_failed") {
      const fallback = "phone" in by ? "must be a valid phone number" : "must be a valid email address";
      throw ValidationError.field("to", error.details?.[0]?.message ?? fallback);
    }
    throw error;
  }
}

/** A send's recipient by phone: the contact must have one (core may answer an email-only match). */
export async function resolvePhoneRecipient(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  to: string,
): Promise<Contact & { phone: string }> {
  const contact = await resolveRecipient(deps, organizationId, { phone: to });
  if (contact.phone === undefined) throw ValidationError.field("to", "must be a valid phone number");
  return { ...contact, phone: contact.phone };
}

/** A send between numbers (SMS, WhatsApp): the channel by its number, the contact by theirs. */
export async function resolvePhoneParties(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  input: { from: string; to: string },
  channelOf: { type: "phone" | "whatsapp"; notAChannel: string },
): Promise<Parties> {
  const channel = await resolveSenderChannel(deps, organizationId, { from: input.from, ...channelOf });
  const contact = await resolvePhoneRecipient(deps, organizationId, input.to);
  return { channel, contact, from: channel.phone ?? input.from, to: contact.phone };
}
