import { defineEvent } from "@relay/domain";
import { dropSchemas, testDatabaseUrl, uniqueName } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  acceptSends,
  advanceSendReporting,
  autocommitter,
  claimEvents,
  createDatabase,
  type Database,
  enqueue,
  kitMigrations,
  migrate,
  newEvent,
  nextDueInMs,
  sendLedgerMigration,
  transactor,
} from "../src/index.js";

const Noted = defineEvent("kitw.note.added", z.object({ n: z.number().int() }));
const schema = uniqueName("kit_writes");
let database: Database<Record<string, never>>;
const organizationId = crypto.randomUUID();

beforeAll(async () => {
  database = createDatabase({ url: testDatabaseUrl(), schema });
  await migrate(database, { ...kitMigrations, "0001_send_ledger": sendLedgerMigration });
});
afterAll(async () => {
  await database.close();
  await dropSchemas(schema);
});
beforeEach(async () => {
  await sql`delete from outbox`.execute(database.db);
});

const outbox = async () =>
  (
    await sql<{ id: string; n: number }>`
      select id, (payload->'data'->>'n')::int as n from outbox order by seq`.execute(database.db)
  ).rows;

function countingRelay() {
  const relay = {
    kicks: 0,
    kick() {
      relay.kicks += 1;
    },
  };
  return relay;
}

describe("writing events", () => {
  it("gathers a transaction's events into its commit, in order, and wakes the relay only then", async () => {
    const relay = countingRelay();
    const transact = transactor(database.db, relay);
    const note = (n: number) => newEvent(Noted, organizationId, { n });
    await transact(async (trx) => {
      await enqueue(trx, note(1));
      await enqueue(trx, note(2), note(3));
    });
    expect((await outbox()).map((row) => row.n)).toEqual([1, 2, 3]);
    expect(relay.kicks).toBe(1);

    await transact(async (trx) => sql`select 1`.execute(trx));
    expect(relay.kicks).toBe(1);
    await expect(
      transact(async (trx) => {
        await enqueue(trx, newEvent(Noted, organizationId, { n: 4 }));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await outbox()).map((row) => row.n)).toEqual([1, 2, 3]);
  });

  it("claims many events in one statement, each once, a repeat inside the batch too", async () => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const first = await database.db.transaction().execute((trx) => claimEvents(trx, "kitw", [a, b, a]));
    expect([...first].sort()).toEqual([a, b].sort());
    const second = await database.db
      .transaction()
      .execute((trx) => claimEvents(trx, "kitw", [b, crypto.randomUUID()]));
    expect(second.has(b)).toBe(false);
    expect(second.size).toBe(1);
  });
});

describe("the send ledger in single statements", () => {
  const send = () => ({
    message_id: crypto.randomUUID(),
    organization_id: organizationId,
    channel_id: crypto.randomUUID(),
    payload: { text: "hi" },
  });
  const status = async (id: string) =>
    (
      await sql<{ status: string; provider_message_id: string | null }>`
        select status, provider_message_id from sends where message_id = ${id}`.execute(database.db)
    ).rows[0];

  it("accepts many commands at once, a repeated message once, and knows when the next falls due", async () => {
    const now = send();
    const later = { ...send(), dueAt: new Date(Date.now() + 60_000) };
    await acceptSends(database.db, [now, later, { ...now, payload: { text: "repeat" } }]);
    await acceptSends(database.db, [later]);
    const rows = await sql<{ n: number }>`
      select count(*)::int as n from sends where message_id in (${now.message_id}, ${later.message_id})`.execute(
      database.db,
    );
    expect(rows.rows[0]?.n).toBe(2);
    const wait = await nextDueInMs(database.db);
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it("moves a send forward and writes its event in one statement, only when it moved", async () => {
    const row = send();
    await acceptSends(database.db, [row]);
    const autocommit = autocommitter(database.db, countingRelay());
    const report = (n: number) => newEvent(Noted, organizationId, { n });
    const sent = { status: "sent" as const, provider_message_id: "P1" };
    expect(await autocommit((db) => advanceSendReporting(db, row.message_id, sent, report(1)))).toBe(true);
    // A repeat, and a status behind, move nothing and write nothing.
    expect(await autocommit((db) => advanceSendReporting(db, row.message_id, sent, report(2)))).toBe(false);
    const delivered = { status: "delivered" as const, provider_message_id: "P2" };
    // Another provider id is not adopted over the one the send has.
    expect(
      await advanceSendReporting(database.db, row.message_id, delivered, report(3), { sameProviderId: true }),
    ).toBe(false);
    expect(await status(row.message_id)).toEqual({ status: "sent", provider_message_id: "P1" });
    expect(
      await advanceSendReporting(
        database.db,
        row.message_id,
        { ...delivered, provider_message_id: "P1" },
        report(4),
        {
          sameProviderId: true,
        },
      ),
    ).toBe(true);
    expect(await status(row.message_id)).toEqual({ status: "delivered", provider_message_id: "P1" });
    expect((await outbox()).map((r) => r.n)).toEqual([1, 4]);
  });
});
