import type { Conversation, SearchConversations } from "@relay/domain";
import type { ChannelScope } from "@relay/service-kit";
import {
  type ConversationSearch,
  searchConversations as selectMatching,
} from "../db/conversations-search.js";
import type { ConversationsDeps } from "../deps.js";
import { toConversation } from "./conversation-view.js";

/** A query that looks like a phone number: its digits also match however the number was written. */
function phoneDigits(query: string): string | undefined {
  if (!/^[\d\s()+.-]+$/.test(query)) return undefined;
  const digits = query.replace(/\D/g, "");
  return digits.length >= 3 ? digits : undefined;
}

/**
 * Conversations whose contact's name, phone or email, or any message's text, contains the
 * query (case-insensitive), most recent activity first.
 */
export async function searchConversations(
  deps: Pick<ConversationsDeps, "db">,
  organizationId: string,
  search: SearchConversations,
  scope?: ChannelScope,
): Promise<{ data: Conversation[]; total: number }> {
  const digits = phoneDigits(search.query);
  const filter: ConversationSearch = {
    text: search.query,
    ...(digits && { digits }),
    ...(scope && { channelIds: [...scope] }),
  };
  const { rows, total } = await selectMatching(deps.db, organizationId, filter, search);
  return { data: rows.map(toConversation), total };
}
