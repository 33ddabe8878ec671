import {
  AppError,
  type ConsentActor,
  type ConsentHistoryEntry,
  type ConsentHistoryQuery,
  ConsentSource,
} from "@relay/domain";
import type { ChannelScope } from "@relay/service-kit";
import { listConsentHistory } from "../db/consents.js";
import type { ConsentHistoryRow } from "../db/schema.js";
import type { ConversationsDeps } from "../deps.js";
import { requireContact } from "./require-contact.js";

const ACTOR_OF_SOURCE: Record<ConsentSource, ConsentActor> = {
  api: "api",
  keyword: "contact",
  unsubscribe_link: "contact",
  provider_error: "provider",
  contact_created: "api",
  contact_updated: "api",
  send_opt_in: "api",
};

function toEntry(
  row: ConsentHistoryRow,
  channelType: ConsentHistoryEntry["channel_type"],
): ConsentHistoryEntry {
  const source = ConsentSource.parse(row.source);
  return {
    id: String(row.id),
    channel_id: row.channel_id,
    ...(channelType && { channel_type: channelType }),
    opt_in: row.opt_in,
    source,
    ...(row.detail !== null && { detail: row.detail }),
    changed_by: row.user_id !== null ? "user" : ACTOR_OF_SOURCE[source],
    ...(row.user_id !== null && { user_id: row.user_id }),
    changed_at: row.created_at.toISOString(),
  };
}

/** The type of each channel by id; a channel deleted since has none. */
async function channelTypes(deps: Pick<ConversationsDeps, "core">, organizationId: string, ids: string[]) {
  const types = new Map<string, ConsentHistoryEntry["channel_type"]>();
  for (const id of new Set(ids)) {
    try {
      types.set(id, (await deps.core.resolveChannel({ organization_id: organizationId, id })).type);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "not_found")) throw error;
    }
  }
  return types;
}

/**
 * `GET /v1/contacts/{id}/communication_preferences/history` (extension): every recorded change of
 * the contact's consent, newest first. An agent (`scope`) sees the changes on their channels only.
 */
export async function listConsentChanges(
  deps: Pick<ConversationsDeps, "db" | "core">,
  organizationId: string,
  contactId: string,
  query: ConsentHistoryQuery,
  scope: ChannelScope | undefined,
): Promise<{ data: ConsentHistoryEntry[]; total: number }> {
  await requireContact(deps, organizationId, contactId);
  const { rows, total } = await listConsentHistory(
    deps.db,
    organizationId,
    contactId,
    {
      ...(query.channel_id !== undefined && { channelId: query.channel_id }),
      ...(scope !== undefined && { channelIds: [...scope] }),
    },
    query,
  );
  const types = await channelTypes(
    deps,
    organizationId,
    rows.map((row) => row.channel_id),
  );
  return { data: rows.map((row) => toEntry(row, types.get(row.channel_id))), total };
}
