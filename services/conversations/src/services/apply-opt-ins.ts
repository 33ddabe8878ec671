import type { ConsentSource } from "@relay/domain";
import type { Transaction } from "kysely";
import type { ConversationsDB } from "../db/schema.js";
import { setConsent } from "./set-consent.js";

/**
 * Opts a contact in to channels because a request said so in passing (`opt_in_to`,
 * `opt_in_to_all_channels`): implied consent, which never lifts a contact's own opt-out.
 */
export async function applyOptIns(
  trx: Transaction<ConversationsDB>,
  input: { organizationId: string; contactId: string; channelIds: readonly string[]; source: ConsentSource },
): Promise<void> {
  // Sorted, so two transactions opting one contact in to the same channels lock them in one order.
  for (const channelId of [...new Set(input.channelIds)].sort()) {
    await setConsent(trx, {
      organizationId: input.organizationId,
      contactId: input.contactId,
      channelId,
      optIn: true,
      source: input.source,
      strength: "implied",
    });
  }
}
