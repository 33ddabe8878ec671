import { defineEvent } from "@relay/domain";
import { dropSchemas, testDatabaseUrl, testNatsUrl, uniqueName, waitFor } from "@relay/testing";
import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type Bus,
  connectBus,
  createDatabase,
  type Database,
  enqueue,
  INLINE_EVENT_BYTES,
  kitMigrations,
  migrate,
  newEvent,
  OutboxRelay,
  startConsumer,
} from "../src/index.js";

const Noted = defineEvent("kit.note.added", z.object({ n: z.number().int(), text: z.string() }));
/** No stream holds `nostream.*`: JetStream refuses its publishes, as for a stream not created yet. */
const Orphan = defineEvent("nostream.thing.happened", z.object({ n: z.number().int() }));

const errors: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: "warn" },
  {
    write: (line: string) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.level === 50) errors.push(entry);
    },
  },
);

const schema = uniqueName("kit_relay");
let database: Database<Record<string, never>>;
let bus: Bus;

beforeAll(async () => {
  database = createDatabase({ url: testDatabaseUrl(), schema });
  await migrate(database, kitMigrations);
  bus = await connectBus({ url: testNatsUrl(), name: "kit-relay-test", namespace: uniqueName("kitrelay") });
  await bus.ensureStream("kit");
});
afterAll(async () => {
  await bus.close();
  await database.close();
  await dropSchemas(schema);
});
beforeEach(async () => {
  errors.length = 0;
  await sql`delete from outbox`.execute(database.db);
});

const org = () => crypto.randomUUID();
const write = (...events: Parameters<typeof enqueue>[1][]) =>
  database.db.transaction().execute((trx) => enqueue(trx, ...events));
const pending = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(database.db)).rows[0]?.n;
const dead = async () =>
  (await sql<{ id: string; error: string }>`select id, error from outbox_dead`.execute(database.db)).rows;

async function received(durable: string, count: number) {
  const seen: Array<{ n: number; text: string }> = [];
  const consumer = await startConsumer({
    bus,
    logger,
    durable,
    event: Noted,
    handle: async (event) => {
      seen.push(event.data);
    },
  });
  await waitFor(() => seen.length >= count, { description: `${count} events to arrive` });
  await consumer.stop();
  return seen;
}

describe("outbox relay", () => {
  it("sends an event larger than the bus's message limit by reference, and consumers read it whole", async () => {
    const text = "é".repeat(700_000); // 1.4 MB of UTF-8: over NATS's 1 MiB max_payload
    const event = newEvent(Noted, org(), { n: 1, text });
    await write(event);
    const relay = new OutboxRelay({ db: database.db, bus, logger });
    expect((await relay.publishBatch()).published).toBe(1);

    const stored = await bus.jsm.streams.getMessage(bus.stream(Noted.subject), {
      last_by_subj: bus.subject(Noted.subject),
    });
    expect(stored?.data.length).toBeLessThan(INLINE_EVENT_BYTES);
    const [data] = await received("kit-large", 1);
    expect(data?.text).toBe(text);
  });

  it("sets aside an event that can never be published, logs it once, and publishes the rows behind it", async () => {
    const organization = org();
    const poison = { ...newEvent(Noted, organization, { n: 2, text: "" }), type: "kit.bad subject" };
    const behind = newEvent(Noted, organization, { n: 3, text: "behind" });
    const other = newEvent(Noted, org(), { n: 4, text: "other org" });
    await write(poison, behind, other);
    const relay = new OutboxRelay({ db: database.db, bus, logger });
    const pass = await relay.publishBatch();

    expect(pass.published).toBe(2);
    expect(await pending()).toBe(0);
    expect((await dead()).map((row) => row.id)).toContain(poison.id);
    expect(errors.filter((e) => e.event_id === poison.id)).toHaveLength(1);
    expect(relay.stats.deadLettered).toBe(1);
    await relay.publishBatch();
    expect(errors.filter((e) => e.event_id === poison.id)).toHaveLength(1);
  });

  it("retries a failing row on its own schedule without holding up others, then sets it aside", async () => {
    const organization = org();
    const orphan = newEvent(Orphan, organization, { n: 5 });
    await write(orphan, newEvent(Noted, organization, { n: 6, text: "after the orphan" }));
    const relay = new OutboxRelay({ db: database.db, bus, logger, maxAttempts: 3 });
    expect((await relay.publishBatch()).published).toBe(1);
    const row = await sql<{ attempts: number; next_attempt_at: Date }>`
      select attempts, next_attempt_at from outbox where id = ${orphan.id}`.execute(database.db);
    expect(row.rows[0]?.attempts).toBe(1);
    expect(row.rows[0]?.next_attempt_at.getTime()).toBeGreaterThan(Date.now());

    // Each later pass publishes fresh rows beside it; the orphan fails again until it is set aside.
    await waitFor(
      async () => {
        await write(newEvent(Noted, organization, { n: 7, text: "more" }));
        await relay.publishBatch();
        return (await dead()).some((d) => d.id === orphan.id);
      },
      { timeoutMs: 10_000, intervalMs: 100, description: "the orphan to be dead-lettered" },
    );
    expect(await pending()).toBe(0);
  });

  it("does not count an outage against the rows: nothing is set aside while NATS is away", async () => {
    await write(newEvent(Noted, org(), { n: 8, text: "during an outage" }));
    const away = await connectBus({ url: testNatsUrl(), name: "kit-relay-away", namespace: bus.namespace });
    await away.close();
    const relay = new OutboxRelay({ db: database.db, bus: away, logger, maxAttempts: 1 });
    const pass = await relay.publishBatch();
    expect(pass).toMatchObject({ published: 0, stalled: true });
    expect(await dead()).not.toContainEqual(
      expect.objectContaining({ error: expect.stringMatching(/closed/i) }),
    );
    const attempts = await sql<{ attempts: number }>`select attempts from outbox`.execute(database.db);
    expect(attempts.rows.map((r) => r.attempts)).toEqual([0]);
    expect((await new OutboxRelay({ db: database.db, bus, logger }).publishBatch()).published).toBe(1);
  });

  it("serves every organization in each pass: one organization's backlog does not delay another's event", async () => {
    const busy = org();
    const backlog = Array.from({ length: 500 }, (_, n) => newEvent(Noted, busy, { n, text: "backlog" }));
    await write(...backlog);
    const quiet = newEvent(Noted, org(), { n: 9999, text: "quiet org" });
    await write(quiet);
    const relay = new OutboxRelay({ db: database.db, bus, logger, rowsPerOrganization: 50 });

    const first = await relay.publishBatch();
    expect(first.published).toBe(51);
    expect(first.more).toBe(true);
    const left = await sql<{ id: string }>`select id from outbox`.execute(database.db);
    expect(left.rows.map((r) => r.id)).not.toContain(quiet.id);
    expect(left.rows).toHaveLength(450);
    await relay.flush();
    expect(await pending()).toBe(0);
  });

  it("walks organizations round-robin when more are waiting than one pass serves", async () => {
    const organizations = Array.from({ length: 5 }, org).sort();
    for (const organization of organizations) {
      await write(...Array.from({ length: 3 }, (_, n) => newEvent(Noted, organization, { n, text: "" })));
    }
    const relay = new OutboxRelay({
      db: database.db,
      bus,
      logger,
      organizationsPerPass: 2,
      rowsPerOrganization: 1,
    });
    const firstOfEach = new Set<string>();
    for (let pass = 0; pass < 3; pass++) {
      const before = await sql<{ organization_id: string }>`select organization_id from outbox`.execute(
        database.db,
      );
      await relay.publishBatch();
      const after = await sql<{ organization_id: string }>`select organization_id from outbox`.execute(
        database.db,
      );
      const count = (rows: { organization_id: string }[], id: string) =>
        rows.filter((r) => r.organization_id === id).length;
      for (const id of organizations) if (count(after.rows, id) < count(before.rows, id)) firstOfEach.add(id);
    }
    // Three passes of two organizations each reached all five, not the first two three times.
    expect(firstOfEach.size).toBe(5);
  });
});
