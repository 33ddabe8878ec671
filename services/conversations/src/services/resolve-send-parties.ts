import { AppError, type Channel, type Contact, ValidationError } from "@relay/domain";
import type { ConversationsDeps } from "../deps.js";

const isCode = (error: unknown, code: string) => error instanceof AppError && error.code === code;

/** The phone channel a send goes out on, by its number; anything else is a 422 naming `from`. */
export async function resolveSenderChannel(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  from: string,
): Promise<Channel> {
  try {
    return await deps.core.resolveChannel({ organization_id: organizationId, address: from, type: "phone" });
  } catch (error) {
    if (isCode(error, "not_found") || isCode(error, "validation_failed")) {
      throw ValidationError.field(
        "from",
        "is not the phone number of one of this organization's phone channels",
      );
    }
    throw error;
  }
}

/** The contact a send goes to, created when new; a number that cannot be a phone is a 422 naming `to`. */
export async function resolveRecipient(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  to: string,
): Promise<Contact & { phone: string }> {
  let contact: Contact;
  try {
    contact = await deps.core.resolveContact({ organization_id: organizationId, phone: to });
  } catch (error) {
    if (error instanceof AppError && error.code === "validation_failed") {
      const message = error.details?.[0]?.message ?? "must be a valid phone number";
      throw ValidationError.field("to", message);
    }
    throw error;
  }
  if (contact.phone === undefined) throw ValidationError.field("to", "must be a valid phone number");
  return { ...contact, phone: contact.phone };
}
