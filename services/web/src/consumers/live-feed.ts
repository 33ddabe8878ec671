import {
  ConversationCreated,
  ConversationUpdated,
  type EventDef,
  MessageCreated,
  MessageUpdated,
} from "@relay/domain";
import { type Bus, type Logger, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { WebDB } from "../db/schema.js";

/** What the live stream carries of a message: enough to place it and show its status; the app reads the rest. */
function slimMessage(data: {
  id: string;
  conversation_id: string;
  contact_id: string;
  channel_id: string;
  type: string;
  direction: string;
  delivery_status: string;
  updated_at: string;
}) {
  const { id, conversation_id, contact_id, channel_id, type, direction, delivery_status, updated_at } = data;
  return { id, conversation_id, contact_id, channel_id, type, direction, delivery_status, updated_at };
}

const FEEDS: Array<{ event: EventDef; type: string; durable: string; slim: (data: never) => unknown }> = [
  { event: MessageCreated, type: "message.created", durable: "web-live-message-created", slim: slimMessage },
  { event: MessageUpdated, type: "message.updated", durable: "web-live-message-updated", slim: slimMessage },
  {
    event: ConversationCreated,
    type: "conversation.created",
    durable: "web-live-conversation-created",
    slim: (data) => data,
  },
  {
    event: ConversationUpdated,
    type: "conversation.updated",
    durable: "web-live-conversation-updated",
    slim: (data) => data,
  },
];

/** Conversations' events into `live_events` (once each, by event id), numbered for the live streams. */
export function startLiveFeed(bus: Bus, logger: Logger, db: Kysely<WebDB>): Promise<RunningConsumer[]> {
  return Promise.all(
    FEEDS.map((feed) =>
      startConsumer({
        bus,
        logger,
        durable: feed.durable,
        event: feed.event,
        handle: async (event) => {
          const data = event.data as { channel_id: string };
          await db
            .insertInto("live_events")
            .values({
              event_id: event.id,
              organization_id: event.organization_id,
              channel_id: data.channel_id,
              type: feed.type,
              data: JSON.stringify(feed.slim(event.data as never)),
            })
            .onConflict((oc) => oc.column("event_id").doNothing())
            .execute();
        },
      }),
    ),
  );
}
