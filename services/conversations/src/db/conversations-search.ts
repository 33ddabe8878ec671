import { type Kysely, sql } from "kysely";
import type { Page } from "./conversations.js";
import { likeContains } from "./like.js";
import type { ConversationRow, ConversationsDB } from "./schema.js";

export interface ConversationSearch {
  /** Matched case-insensitively anywhere in the contact's name, phone or email, or a message body. */
  text: string;
  /** The digits of a phone-like query, matched anywhere in the contact's E.164 phone. */
  digits?: string;
  /** A web agent's channels: nothing outside them matches. */
  channelIds?: string[];
}

function matching(db: Kysely<ConversationsDB>, organizationId: string, search: ConversationSearch) {
  const pattern = likeContains(search.text);
  return db
    .selectFrom("conversations as c")
    .leftJoin("contacts as k", (join) =>
      join.onRef("k.id", "=", "c.contact_id").onRef("k.organization_id", "=", "c.organization_id"),
    )
    .where("c.organization_id", "=", organizationId)
    .$if(search.channelIds !== undefined, (q) =>
      q.where("c.channel_id", "in", search.channelIds?.length ? search.channelIds : [null as never]),
    )
    .where((eb) =>
      eb.or([
        eb("k.name", "ilike", pattern),
        eb("k.email", "ilike", pattern),
        eb("k.phone", "ilike", pattern),
        ...(search.digits ? [eb("k.phone", "like", likeContains(search.digits))] : []),
        eb.exists(
          eb
            .selectFrom("messages as m")
            .select(sql`1`.as("one"))
            .whereRef("m.conversation_id", "=", "c.id")
            .where("m.organization_id", "=", organizationId)
            .where("m.body", "ilike", pattern),
        ),
      ]),
    );
}

/** Matching conversations, most recent activity first, and how many match in all. */
export async function searchConversations(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  search: ConversationSearch,
  page: Page,
): Promise<{ rows: ConversationRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    matching(db, organizationId, search)
      .selectAll("c")
      .orderBy(sql`c.last_message_at desc nulls last`)
      .orderBy("c.created_at", "desc")
      .orderBy("c.id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    matching(db, organizationId, search)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}
