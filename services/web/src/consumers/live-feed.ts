import {
  CampaignContactUpdated,
  CampaignCreated,
  CampaignUpdated,
  ConsentChanged,
  ConversationCreated,
  ConversationUpdated,
  type EventDef,
  MessageCreated,
  MessageUpdated,
} from "@relay/domain";
import { type Bus, type Logger, type RunningConsumer, startBatchConsumer } from "@relay/service-kit";
import type { FeedRow, LiveEventWriter } from "../live/live-writer.js";

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

/** A consent change names the contact and channel; the app refetches their consent and its history. */
const slimConsent = (data: {
  contact_id: string;
  channel_id: string;
  opt_in: boolean;
  changed_at: string;
}) => ({
  contact_id: data.contact_id,
  channel_id: data.channel_id,
  opt_in: data.opt_in,
  changed_at: data.changed_at,
});

interface Feed {
  event: EventDef;
  type: string;
  durable: string;
  slim: (data: never) => unknown;
  /** Streamed to the organization's admins only, whatever channels an agent may use. */
  adminsOnly?: boolean;
  /** What this type's events are about: of one batch's events about the same thing, the last is stored. */
  coalesceBy?: (data: never) => string;
}

const byId = (data: { id: string }) => data.id;

const FEEDS: Feed[] = [
  { event: MessageCreated, type: "message.created", durable: "web-live-message-created", slim: slimMessage },
  {
    event: MessageUpdated,
    type: "message.updated",
    durable: "web-live-message-updated",
    slim: slimMessage,
    coalesceBy: byId,
  },
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
    coalesceBy: byId,
  },
  {
    // Scoped to its channel as messages are: an agent hears of their channels' consent only.
    event: ConsentChanged,
    type: "consent.changed",
    durable: "web-live-consent-changed",
    slim: slimConsent,
    coalesceBy: (data: { contact_id: string; channel_id: string }) => `${data.contact_id}/${data.channel_id}`,
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
    // The app refetches the campaign and its recipients: one row per campaign says as much.
    coalesceBy: (data: { campaign_id: string }) => data.campaign_id,
  },
];

function rowOf(feed: Feed, event: { id: string; organization_id: string; data: unknown }): FeedRow {
  const data = event.data as { channel_id?: string };
  return {
    event_id: event.id,
    organization_id: event.organization_id,
    channel_id: feed.adminsOnly ? null : (data.channel_id ?? null),
    admins_only: feed.adminsOnly ?? false,
    type: feed.type,
    data: feed.slim(event.data as never),
    ...(feed.coalesceBy && {
      coalesceKey: `${feed.type}/${event.organization_id}/${feed.coalesceBy(event.data as never)}`,
    }),
  };
}

/**
 * Conversations' events (messages, conversations, consent) and, for admins, campaigns' into
 * `live_events` (once each, by event id), numbered for the live streams. Each consumer hands over what it has pulled at once, and the
 * writer stores what all of them have gathered in one statement; events are acked after it.
 */
export function startLiveFeed(bus: Bus, logger: Logger, writer: LiveEventWriter): Promise<RunningConsumer[]> {
  return Promise.all(
    FEEDS.map((feed) =>
      startBatchConsumer({
        bus,
        logger,
        durable: feed.durable,
        event: feed.event,
        handleBatch: (events) => writer.write(events.map((event) => rowOf(feed, event))),
      }),
    ),
  );
}
