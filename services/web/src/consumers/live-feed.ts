import {
  CampaignContactUpdated,
  CampaignCreated,
  CampaignUpdated,
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

/** A campaign's event names only the campaign; admins' apps refetch it (and its recipients) through `/v1`. */
const slimCampaign = (data: { id: string }) => ({ id: data.id });
const slimRecipient = (data: { id: string; campaign_id: string }) => ({
  id: data.id,
  campaign_id: data.campaign_id,
});

interface Feed {
  event: EventDef;
  type: string;
  durable: string;
  slim: (data: never) => unknown;
  /** Streamed to the organization's admins only, whatever channels an agent may use. */
  adminsOnly?: boolean;
}

const FEEDS: Feed[] = [
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
  {
    event: CampaignCreated,
    type: "campaign.created",
    durable: "web-live-campaign-created",
    slim: slimCampaign,
    adminsOnly: true,
  },
  {
    event: CampaignUpdated,
    type: "campaign.updated",
    durable: "web-live-campaign-updated",
    slim: slimCampaign,
    adminsOnly: true,
  },
  {
    event: CampaignContactUpdated,
    type: "campaign_contact.updated",
    durable: "web-live-campaign-contact-updated",
    slim: slimRecipient,
    adminsOnly: true,
  },
];

/** Conversations' (and, for admins, campaigns') events into `live_events` (once each, by event id), numbered for the live streams. */
export function startLiveFeed(bus: Bus, logger: Logger, db: Kysely<WebDB>): Promise<RunningConsumer[]> {
  return Promise.all(
    FEEDS.map((feed) =>
      startConsumer({
        bus,
        logger,
        durable: feed.durable,
        event: feed.event,
        handle: async (event) => {
          const data = event.data as { channel_id?: string };
          await db
            .insertInto("live_events")
            .values({
              event_id: event.id,
              organization_id: event.organization_id,
              channel_id: feed.adminsOnly ? null : (data.channel_id ?? null),
              admins_only: feed.adminsOnly ?? false,
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
