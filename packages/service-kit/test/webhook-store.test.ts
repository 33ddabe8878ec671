import type { EventEnvelope } from "@relay/domain";
import { dropSchemas, testDatabaseUrl, uniqueName } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  autocommitter,
  createDatabase,
  createWebhookStore,
  type Database,
  insertWebhook,
  insertWebhooksReporting,
  kitMigrations,
  markWebhooksApplied,
  migrate,
  type NewWebhook,
  unappliedWebhooks,
  WebhookWriter,
  withContext,
} from "../src/index.js";

const schema = uniqueName("kit_webhooks");
let database: Database<Record<string, never>>;

beforeAll(async () => {
  database = createDatabase({ url: testDatabaseUrl(), schema });
  await migrate(database, { ...kitMigrations, "0001_webhooks": { up: createWebhookStore } });
});
afterAll(async () => {
  await database.close();
  await dropSchemas(schema);
});

const organizationId = crypto.randomUUID();
const channelId = crypto.randomUUID();

function inbound(sid: string): { webhook: NewWebhook; event: EventEnvelope } {
  return {
    webhook: {
      kind: "sms",
      dedupe_key: sid,
      organization_id: organizationId,
      channel_id: channelId,
      provider_id: sid,
      payload: { MessageSid: sid, Body: "hi" },
    },
    event: {
      id: crypto.randomUUID(),
      type: "kit.message.received",
      organization_id: organizationId,
      occurred_at: new Date().toISOString(),
      data: { provider_message_id: sid },
    },
  };
}

const announced = async (sid: string) =>
  Number(
    (
      await sql<{ n: string }>`
        select count(*) as n from outbox where payload->'data'->>'provider_message_id' = ${sid}`.execute(
        database.db,
      )
    ).rows[0]?.n,
  );

describe("the adapters' webhook store", () => {
  it("stores a batch in one statement: each new webhook announced once, a repeat (in the batch or before) neither", async () => {
    const [a, b, c] = ["SM-a", "SM-b", "SM-c"].map((sid) => `${sid}-${crypto.randomUUID()}`) as [
      string,
      string,
      string,
    ];
    expect(await insertWebhook(database.db, inbound(c).webhook)).toBe(true);
    const fresh = await insertWebhooksReporting(database.db, [
      inbound(a),
      inbound(b),
      inbound(a),
      inbound(c),
    ]);
    expect(fresh).toEqual([true, true, false, false]);
    expect([await announced(a), await announced(b), await announced(c)]).toEqual([1, 1, 0]);
    // Twilio's retry of the same webhook later: stored before, nothing new.
    expect(await insertWebhooksReporting(database.db, [inbound(b)])).toEqual([false]);
    expect(await announced(b)).toBe(1);
  });

  it("the writer gathers concurrent webhooks and keeps each request's id on its event", async () => {
    const writer = new WebhookWriter(autocommitter(database.db));
    const sids = [1, 2, 3].map((i) => `SM-${i}-${crypto.randomUUID()}`);
    const fresh = await Promise.all(
      sids.map((sid, i) =>
        withContext(`req-${i}`, undefined, () => {
          const { webhook, event } = inbound(sid);
          return writer.store(webhook, event);
        }),
      ),
    );
    expect(fresh).toEqual([true, true, true]);
    const { rows } = await sql<{ sid: string; request_id: string }>`
      select payload->'data'->>'provider_message_id' as sid, request_id from outbox
      where payload->'data'->>'provider_message_id' = any(${sids}::text[])`.execute(database.db);
    expect(new Map(rows.map((row) => [row.sid, row.request_id]))).toEqual(
      new Map(sids.map((sid, i) => [sid, `req-${i}`])),
    );
  });

  it("keeps a status that could not be applied until it is", async () => {
    const sid = `SM-${crypto.randomUUID()}`;
    const status = {
      ...inbound(sid).webhook,
      kind: "message_status",
      dedupe_key: `${sid}:sent`,
      applied: false,
    };
    expect(await insertWebhook(database.db, status)).toBe(true);
    expect(await insertWebhook(database.db, status)).toBe(false);
    const early = await unappliedWebhooks<{ MessageSid: string }>(database.db, "message_status", sid);
    expect(early.map((row) => row.payload.MessageSid)).toEqual([sid]);
    await markWebhooksApplied(
      database.db,
      early.map((row) => row.id),
    );
    expect(await unappliedWebhooks(database.db, "message_status", sid)).toEqual([]);
  });
});
