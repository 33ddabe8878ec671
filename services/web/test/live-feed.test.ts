import {
  CampaignContactUpdated,
  ConsentChanged,
  type EventDef,
  type Message,
  MessageCreated,
  MessageUpdated,
} from "@relay/domain";
import {
  type Bus,
  connectBus,
  createDatabase,
  createLogger,
  type Database,
  migrate,
  newEvent,
  type RunningConsumer,
} from "@relay/service-kit";
import { dropSchemas, testDatabaseUrl, testNatsUrl, uniqueName, waitFor } from "@relay/testing";
import { Kysely, PostgresDialect, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiveFeed } from "../src/consumers/live-feed.js";
import { migrations } from "../src/db/migrations/index.js";
import type { WebDB } from "../src/db/schema.js";
import { type LiveEvent, visibleTo } from "../src/live/hub.js";
import { LiveEventWriter } from "../src/live/live-writer.js";
import { insertLiveSession } from "./live-sessions.js";

const schema = uniqueName("web_live_feed");
const logger = createLogger("web-live-feed-test", "silent");
let database: Database<WebDB>;
/** The same pool, counting the statements that store live events. */
let counted: Kysely<WebDB>;
let inserts = 0;
let bus: Bus;
let feed: RunningConsumer[] = [];

/** An organization someone is logged in to (events of others are not stored). */
async function organizationWithSession(): Promise<string> {
  const organizationId = crypto.randomUUID();
  await insertLiveSession(database.db, organizationId);
  return organizationId;
}

function message(change: Partial<Message> = {}): Message {
  const now = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    conversation_id: crypto.randomUUID(),
    contact_id: crypto.randomUUID(),
    channel_id: crypto.randomUUID(),
    type: "sms",
    direction: "OUTBOUND",
    body: "Hello",
    from: "+14155550100",
    to: "+14155550101",
    delivery_status: "queued",
    attachments: [],
    media: [],
    automated: false,
    created_at: now,
    updated_at: now,
    ...change,
  };
}

const recipient = (campaignId: string, state: "queued" | "sent") => ({
  id: crypto.randomUUID(),
  campaign_id: campaignId,
  recipient_state: state,
  time_zone: "UTC",
  updated_at: new Date().toISOString(),
});

const publish = <D extends EventDef>(def: D, organizationId: string, data: unknown) =>
  bus.publish(newEvent(def, organizationId, data as never));

const stored = (organizationId: string) =>
  sql<{ seq: number; event_id: string; type: string; data: Record<string, string>; xmin: string }>`
    select seq, event_id, type, data, xmin::text from live_events
    where organization_id = ${organizationId} order by seq`
    .execute(database.db)
    .then((result) => result.rows);

const ackPending = async (durable: string) =>
  (await bus.jsm.consumers.info(bus.stream(MessageCreated.subject), durable)).num_ack_pending;

beforeAll(async () => {
  database = createDatabase({ url: testDatabaseUrl(), schema });
  await migrate(database, migrations);
  counted = new Kysely<WebDB>({
    dialect: new PostgresDialect({ pool: database.pool }),
    log: (event) => {
      if (event.level === "query" && event.query.sql.includes("insert into live_events")) inserts += 1;
    },
  });
  bus = await connectBus({
    url: testNatsUrl(),
    name: "web-live-feed-test",
    namespace: uniqueName("weblive"),
  });
  await bus.ensureStream("conversations");
  await bus.ensureStream("campaigns");
});
afterAll(async () => {
  await Promise.all(feed.map((consumer) => consumer.stop()));
  await bus.close();
  await database.close();
  await dropSchemas(schema);
});

const startFeed = async () => {
  feed = await startLiveFeed(bus, logger, new LiveEventWriter(counted));
};

describe("web's live feed", () => {
  it("stores a burst of events in a few statements, one transaction each; a recipient's changes once per campaign", async () => {
    const organizationId = await organizationWithSession();
    const campaignA = crypto.randomUUID();
    const campaignB = crypto.randomUUID();
    const messages = Array.from({ length: 150 }, () => message());
    await Promise.all(messages.map((m) => publish(MessageCreated, organizationId, m)));
    const lastOf = new Map<string, string>();
    for (let i = 0; i < 60; i += 1) {
      const campaign = i % 2 === 0 ? campaignA : campaignB;
      const change = recipient(campaign, i < 30 ? "queued" : "sent");
      await publish(CampaignContactUpdated, organizationId, change);
      lastOf.set(campaign, change.id);
    }
    const before = inserts;
    await startFeed();

    const rows = await waitFor(
      async () => {
        const all = await stored(organizationId);
        const campaigns = all.filter((row) => row.type === "campaign_contact.updated");
        const done = [...lastOf.values()].every((id) => campaigns.some((row) => row.data.id === id));
        return all.filter((row) => row.type === "message.created").length === 150 && done ? all : undefined;
      },
      { description: "every message and each campaign's last recipient change" },
    );
    const statements = inserts - before;
    const transactions = new Set(rows.map((row) => row.xmin)).size;
    // 210 events pulled 64 at a time by two consumers: a handful of statements, not 210.
    expect(statements).toBeLessThanOrEqual(12);
    expect(transactions).toBeLessThanOrEqual(statements);
    const recipientRows = rows.filter((row) => row.type === "campaign_contact.updated");
    // At most one row per campaign per statement, never one per change.
    expect(recipientRows.length).toBeLessThanOrEqual(2 * statements);
    expect(recipientRows.length).toBeLessThan(60);
    expect(Object.keys(recipientRows[0]?.data ?? {}).sort()).toEqual(["campaign_id", "id"]);
    // Numbered without holes: the poller never waits on this feed's own numbers.
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => (rows[0]?.seq ?? 0) + i));
  });

  it("stores a redelivered event once and burns no number on it; of one message's statuses in a batch, the latest", async () => {
    const organizationId = await organizationWithSession();
    const writer = new LiveEventWriter(counted);
    const sent = message({ delivery_status: "sent" });
    const row = (m: Message, type = "message.updated") => ({
      event_id: crypto.randomUUID(),
      organization_id: organizationId,
      channel_id: m.channel_id,
      admins_only: false,
      type,
      data: { id: m.id, delivery_status: m.delivery_status },
      coalesceKey: `${type}/${organizationId}/${m.id}`,
    });
    const first = row(sent, "message.created");
    await writer.write([first]);
    const sentRow = row(sent);
    const deliveredRow = row({ ...sent, delivery_status: "delivered" });
    const nobodys = { ...row(message()), organization_id: crypto.randomUUID() };
    // The same event again (a redelivery), and twice in one batch, beside the two statuses and a
    // row no stream can take (its organization has no session).
    await writer.write([first, first, sentRow, nobodys, deliveredRow]);
    await writer.write([first]);
    const rows = await stored(organizationId);
    expect(rows.map((r) => [r.type, r.data.delivery_status])).toEqual([
      ["message.created", "sent"],
      ["message.updated", "delivered"],
    ]);
    expect(rows.map((r) => r.event_id)).toEqual([first.event_id, deliveredRow.event_id]);
    expect((rows[1]?.seq ?? 0) - (rows[0]?.seq ?? 0)).toBe(1);
  });

  it("acks an event only once its row is committed, and retries one whose write failed", async () => {
    const organizationId = await organizationWithSession();
    if (feed.length === 0) await startFeed();
    // Hold every insert behind a lock: the event is delivered but stays unacked meanwhile.
    const locker = await database.pool.connect();
    try {
      await locker.query("begin; lock table live_events in exclusive mode");
      const held = message();
      await publish(MessageCreated, organizationId, held);
      await waitFor(async () => (await ackPending("web-live-message-created")) === 1, {
        description: "the event delivered, unacked",
      });
      expect(await stored(organizationId)).toEqual([]);
      await locker.query("commit");
      await waitFor(async () => (await stored(organizationId)).length === 1, { description: "the row" });
      await waitFor(async () => (await ackPending("web-live-message-created")) === 0, {
        description: "the ack",
      });

      // A write that fails (the table gone for a moment) is not acked: the event comes again.
      await locker.query("alter table live_events rename to live_events_away");
      const retried = message();
      await publish(MessageUpdated, organizationId, retried);
      await waitFor(
        async () =>
          (await bus.jsm.consumers.info(bus.stream(MessageUpdated.subject), "web-live-message-updated"))
            .num_redelivered > 0,
        { description: "a redelivery" },
      );
      await locker.query("alter table live_events_away rename to live_events");
      const rows = await waitFor(async () => {
        const all = await stored(organizationId);
        return all.some((r) => r.data.id === retried.id) ? all : undefined;
      });
      expect(rows.filter((r) => r.data.id === retried.id)).toHaveLength(1);
    } finally {
      locker.release();
    }
  });

  it("stores a consent change on its channel, so only that channel's agents (and admins) are streamed it", async () => {
    if (feed.length === 0) await startFeed();
    const organizationId = await organizationWithSession();
    const change = {
      contact_id: crypto.randomUUID(),
      channel_id: crypto.randomUUID(),
      opt_in: false,
      source: "keyword",
      detail: "STOP",
      changed_at: new Date().toISOString(),
    };
    await publish(ConsentChanged, organizationId, change);
    const [row] = await waitFor(async () => {
      const rows = await database.db
        .selectFrom("live_events")
        .select(["seq", "organization_id", "channel_id", "type", "data", "admins_only"])
        .where("organization_id", "=", organizationId)
        .execute();
      return rows.length > 0 ? rows : undefined;
    });
    expect(row).toMatchObject({ type: "consent.changed", channel_id: change.channel_id, admins_only: false });
    // The contact and channel are enough to refetch; the keyword's text stays out of the stream.
    expect(row?.data).toEqual({
      contact_id: change.contact_id,
      channel_id: change.channel_id,
      opt_in: false,
      changed_at: change.changed_at,
    });
    const event = row as unknown as LiveEvent;
    const agent = (channels: string[]) => ({
      organizationId,
      scope: new Set(channels),
      admin: false,
      push: () => undefined,
    });
    expect(visibleTo(agent([change.channel_id]), event)).toBe(true);
    expect(visibleTo(agent([crypto.randomUUID()]), event)).toBe(false);
    expect(visibleTo({ ...agent([]), scope: undefined, admin: true }, event)).toBe(true);
  });

  it("stores nothing for an organization no one is logged in to, or whose sessions are revoked", async () => {
    if (feed.length === 0) await startFeed();
    const nobody = crypto.randomUUID();
    const revoked = await organizationWithSession();
    await database.db
      .updateTable("sessions")
      .set({ revoked_at: new Date() })
      .where("organization_id", "=", revoked)
      .execute();
    const someone = await organizationWithSession();
    await publish(MessageCreated, nobody, message());
    await publish(MessageCreated, revoked, message());
    await publish(MessageCreated, someone, message());
    await waitFor(async () => (await stored(someone)).length === 1, {
      description: "the logged-in one's row",
    });
    await waitFor(async () => (await ackPending("web-live-message-created")) === 0, {
      description: "all acked",
    });
    expect(await stored(nobody)).toEqual([]);
    expect(await stored(revoked)).toEqual([]);
  });
});
