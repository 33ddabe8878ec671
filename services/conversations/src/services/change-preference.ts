import {
  AppError,
  type Channel,
  type CommunicationPreference,
  type OptPreference,
  ValidationError,
} from "@relay/domain";
import type { ConversationsDeps } from "../deps.js";
import { requireContact } from "./require-contact.js";
import { setConsent } from "./set-consent.js";

async function channelOf(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  input: OptPreference,
) {
  const byId = input.channel_id !== undefined;
  try {
    return await deps.core.resolveChannel(
      byId
        ? { organization_id: organizationId, id: input.channel_id }
        : { organization_id: organizationId, address: input.phone, type: "phone" },
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") {
      throw byId
        ? ValidationError.field("channel_id", "is not a channel of this organization")
        : ValidationError.field("phone", "is not the number of one of this organization's phone channels");
    }
    throw error;
  }
}

/**
 * `POST …/communication_preferences/opt_in|opt_out`: an explicit change through the API. It
 * always applies, lifting even an opt-out the contact sent by keyword (the caller vouches for
 * the consent); the ledger records it as `api`, with the web user who made it, if one did.
 */
export async function changePreference(
  deps: Pick<ConversationsDeps, "db" | "core" | "transact">,
  organizationId: string,
  contactId: string,
  input: OptPreference & { optIn: boolean },
  userId?: number,
): Promise<CommunicationPreference> {
  await requireContact(deps, organizationId, contactId);
  const channel: Channel = await channelOf(deps, organizationId, input);
  return deps.transact(async (trx) => {
    const { preference } = await setConsent(trx, {
      organizationId,
      contactId,
      channelId: channel.id,
      optIn: input.optIn,
      source: "api",
      detail: input.optIn ? "opt_in" : "opt_out",
      strength: "explicit",
      ...(userId !== undefined && { userId }),
    });
    if (!preference) throw new Error("an explicit consent change left no record");
    return preference;
  });
}
