import { AppError, type Channel, type Contact, ValidationError } from "@relay/domain";
import { findSuppression } from "../db/suppressions.js";
import type { ConversationsDeps } from "../deps.js";

const isCode = (error: unknown, code: string) => error instanceof AppError && error.code === code;

/** The email channel a send goes out on, by its address; anything else is a 422 naming `from`. */
export async function resolveEmailChannel(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  from: string,
): Promise<Channel & { address: string }> {
  const notAChannel = () =>
    ValidationError.field("from", "is not the address of one of this organization's email channels");
  if (!from.includes("@")) throw notAChannel();
  let channel: Channel;
  try {
    channel = await deps.core.resolveChannel({
      organization_id: organizationId,
      address: from,
      type: "email",
    });
  } catch (error) {
    if (isCode(error, "not_found") || isCode(error, "validation_failed")) throw notAChannel();
    throw error;
  }
  return { ...channel, address: (channel.address ?? from).toLowerCase() };
}

/** The contact an email goes to, created when new; an impossible address is a 422 naming `to`. */
export async function resolveEmailRecipient(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  to: string,
): Promise<Contact> {
  try {
    return await deps.core.resolveContact({ organization_id: organizationId, email: to });
  } catch (error) {
    if (isCode(error, "validation_failed")) {
      const message = (error as AppError).details?.[0]?.message ?? "must be a valid email address";
      throw ValidationError.field("to", message);
    }
    throw error;
  }
}

export function bouncedError(reason: string): ValidationError {
  return new ValidationError(`to: the address bounced permanently (${reason})`, [
    { field: "to", message: `bounced permanently (${reason})` },
  ]);
}

/** 422 naming `to` when the address bounced permanently on the channel: nothing is sent. */
export async function assertDeliverable(
  deps: Pick<ConversationsDeps, "db">,
  key: { organizationId: string; channelId: string; address: string },
): Promise<void> {
  const reason = await findSuppression(deps.db, key);
  if (reason !== undefined) throw bouncedError(reason);
}
