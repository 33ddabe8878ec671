import { defineEvent } from "@relay/domain";
import { dropSchemas, testDatabaseUrl, testNatsUrl, uniqueName, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type Bus,
  claimEvent,
  connectBus,
  createDatabase,
  createLogger,
  type Database,
  enqueue,
  kitMigrations,
  migrate,
  newEvent,
  OutboxRelay,
  startConsumer,
} from "../src/index.js";

const Pinged = defineEvent("kit.ping.sent", z.object({ n: z.number().int() }));
const logger = createLogger("kit-test", "silent");
const organizationId = crypto.randomUUID();

interface TestDB {
  outbox: { id: string };
  seen: { event_id: string; n: number };
}

let database: Database<TestDB>;
let bus: Bus;
const schema = uniqueName("kit_outbox");

beforeAll(async () => {
  database = createDatabase<TestDB>({ url: testDatabaseUrl(), schema });
  await migrate(database, kitMigrations);
  await database.db.schema
    .createTable("seen")
    .addColumn("event_id", "uuid")
    .addColumn("n", "integer")
    .execute();
  bus = await connectBus({ url: testNatsUrl(), name: "kit-test", namespace: uniqueName("kit") });
  await bus.ensureStream("kit");
});

afterAll(async () => {
  await bus.close();
  await database.close();
  await dropSchemas(schema);
});

async function countPending(): Promise<number> {
  const row = await database.db
    .selectFrom("outbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

describe("transactional outbox", () => {
  it("publishes only what committed, exactly once, in order", async () => {
    const committed = newEvent(Pinged, organizationId, { n: 1 });
    await database.db.transaction().execute((trx) => enqueue(trx, committed));
    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueue(trx, newEvent(Pinged, organizationId, { n: 2 }));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");

    const relay = new OutboxRelay({ db: database.db, bus, logger });
    expect((await relay.publishBatch()).published).toBe(1);
    expect(await countPending()).toBe(0);
    const info = await bus.jsm.streams.info(bus.stream(Pinged.subject));
    expect(info.state.messages).toBe(1);
  });

  it("survives a crash between publish and delete: the event is delivered once", async () => {
    const event = newEvent(Pinged, organizationId, { n: 3 });
    await database.db.transaction().execute((trx) => enqueue(trx, event));
    const before = (await bus.jsm.streams.info(bus.stream(Pinged.subject))).state.messages;

    // Simulate the crash: the relay published, then died before its transaction committed.
    await bus.publish(event);
    expect(await countPending()).toBe(1);

    // A restarted relay publishes the row again; JetStream drops it as a duplicate msg id.
    const restarted = new OutboxRelay({ db: database.db, bus, logger });
    expect((await restarted.publishBatch()).published).toBe(1);
    expect(await countPending()).toBe(0);
    const after = (await bus.jsm.streams.info(bus.stream(Pinged.subject))).state.messages;
    expect(after).toBe(before + 1);
  });

  it("relays continuously and consumers ignore a redelivered event", async () => {
    const relay = new OutboxRelay({ db: database.db, bus, logger, pollIntervalMs: 20 });
    relay.start();
    const consumer = await startConsumer({
      bus,
      logger,
      durable: "kit-seen",
      event: Pinged,
      handle: async (event) => {
        await database.db.transaction().execute(async (trx) => {
          if (!(await claimEvent(trx, "kit-seen", event.id))) return;
          await trx.insertInto("seen").values({ event_id: event.id, n: event.data.n }).execute();
        });
      },
    });
    const event = newEvent(Pinged, organizationId, { n: 42 });
    await database.db.transaction().execute((trx) => enqueue(trx, event));
    relay.kick();
    await waitFor(() => database.db.selectFrom("seen").selectAll().where("n", "=", 42).executeTakeFirst(), {
      description: "the consumer to store event 42",
    });

    // A redelivery past JetStream's duplicate window: a new message with the same event.
    await bus.js.publish(bus.subject(Pinged.subject), JSON.stringify(event));
    const marker = newEvent(Pinged, organizationId, { n: 43 });
    await bus.publish(marker);
    await waitFor(() => database.db.selectFrom("seen").selectAll().where("n", "=", 43).executeTakeFirst());
    const copies = await database.db.selectFrom("seen").selectAll().where("n", "=", 42).execute();
    expect(copies).toHaveLength(1);

    await consumer.stop();
    await relay.stop();
  });

  it("terminates a malformed event instead of retrying it forever", async () => {
    const handled: number[] = [];
    const consumer = await startConsumer({
      bus,
      logger,
      durable: "kit-poison",
      event: Pinged,
      handle: async (event) => {
        handled.push(event.data.n);
      },
    });
    await bus.js.publish(bus.subject(Pinged.subject), JSON.stringify({ garbage: true }));
    const marker = newEvent(Pinged, organizationId, { n: 99 });
    await bus.publish(marker);
    await waitFor(() => handled.includes(99));
    // The marker is acked just after its handler returns: wait for the server to see it.
    const info = await waitFor(async () => {
      const current = await bus.jsm.consumers.info(bus.stream(Pinged.subject), "kit-poison");
      return current.num_ack_pending === 0 && current;
    });
    expect(info.num_redelivered).toBe(0);
    await consumer.stop();
  });
});
