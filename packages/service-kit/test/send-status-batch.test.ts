import type { EventEnvelope } from "@relay/domain";
import { dropSchemas, testDatabaseUrl, uniqueName } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptSend,
  advanceSendsReporting,
  autocommitter,
  createDatabase,
  type Database,
  kitMigrations,
  type LedgerSend,
  migrate,
  type ReportedAdvance,
  SendStatusWriter,
  type StatusUpdate,
  sendLedgerMigration,
  startAttempts,
  withContext,
} from "../src/index.js";

const schema = uniqueName("kit_status_batch");
let database: Database<Record<string, never>>;

beforeAll(async () => {
  database = createDatabase({ url: testDatabaseUrl(), schema });
  await migrate(database, { ...kitMigrations, "0001_send_ledger": sendLedgerMigration });
});
afterAll(async () => {
  await database.close();
  await dropSchemas(schema);
});

const organizationId = crypto.randomUUID();

async function newSend(): Promise<string> {
  const id = crypto.randomUUID();
  await acceptSend(database.db, {
    message_id: id,
    organization_id: organizationId,
    channel_id: crypto.randomUUID(),
    payload: { text: "hi" },
  });
  return id;
}

function change(messageId: string, update: StatusUpdate, sameProviderId = false): ReportedAdvance {
  const event: EventEnvelope = {
    id: crypto.randomUUID(),
    type: "kit.send.status",
    organization_id: organizationId,
    occurred_at: new Date().toISOString(),
    data: { message_id: messageId, status: update.status },
  };
  return { messageId, update, event, sameProviderId };
}

const send = async (id: string) =>
  (await sql<LedgerSend>`select * from sends where message_id = ${id}`.execute(database.db)).rows[0];

/** The statuses reported for a send, in the order the outbox got them. */
const reported = async (id: string) =>
  (
    await sql<{ status: string }>`
      select payload->'data'->>'status' as status from outbox
      where payload->'data'->>'message_id' = ${id} order by seq`.execute(database.db)
  ).rows.map((row) => row.status);

describe("send statuses written in batches", () => {
  it("applies a batch in one go: each send moves forward once per change, events only for moves", async () => {
    const [a, b, c] = [await newSend(), await newSend(), await newSend()];
    const moved = await advanceSendsReporting(database.db, [
      change(a, { status: "sent", provider_message_id: "SM-a" }),
      change(b, { status: "delivered", provider_message_id: "SM-b" }),
      // Two changes of one send in one batch, in order: both step forward.
      change(c, { status: "sent", provider_message_id: "SM-c" }),
      change(c, { status: "delivered", provider_message_id: "SM-c" }),
      // Out of order after `delivered`: a late `sent` changes nothing and reports nothing.
      change(b, { status: "sent", provider_message_id: "SM-b" }),
    ]);
    expect(moved).toEqual([true, true, true, true, false]);
    expect(await send(a)).toMatchObject({
      status: "sent",
      provider_message_id: "SM-a",
      attempt_started_at: null,
    });
    expect(await send(b)).toMatchObject({ status: "delivered", provider_message_id: "SM-b" });
    expect(await send(c)).toMatchObject({ status: "delivered", provider_message_id: "SM-c" });
    expect(await reported(a)).toEqual(["sent"]);
    expect(await reported(b)).toEqual(["delivered"]);
    expect(await reported(c)).toEqual(["sent", "delivered"]);
  });

  it("a change out of order within one batch (delivered, then sent) reports only the step forward", async () => {
    const id = await newSend();
    const moved = await advanceSendsReporting(database.db, [
      change(id, { status: "delivered", provider_message_id: "SM-x" }),
      change(id, { status: "sent", provider_message_id: "SM-x" }),
    ]);
    expect(moved).toEqual([true, false]);
    expect(await send(id)).toMatchObject({ status: "delivered" });
    expect(await reported(id)).toEqual(["delivered"]);
  });

  it("sameProviderId leaves a send holding another provider id as it is", async () => {
    const id = await newSend();
    await advanceSendsReporting(database.db, [
      change(id, { status: "sent", provider_message_id: "SM-mine" }),
    ]);
    const moved = await advanceSendsReporting(database.db, [
      change(id, { status: "delivered", provider_message_id: "SM-other" }, true),
    ]);
    expect(moved).toEqual([false]);
    expect(await send(id)).toMatchObject({ status: "sent", provider_message_id: "SM-mine" });
    expect(await reported(id)).toEqual(["sent"]);
  });

  it("a batch that fails part-way keeps none of it (a crash mid-batch loses nothing, repeats nothing)", async () => {
    const id = await newSend();
    const bad = change(id, { status: "delivered" });
    // The second round's event id is not a uuid: its statement fails after the first round ran.
    bad.event = { ...bad.event, id: "not-a-uuid" };
    await expect(
      advanceSendsReporting(database.db, [change(id, { status: "sent", provider_message_id: "SM-y" }), bad]),
    ).rejects.toThrow();
    expect(await send(id)).toMatchObject({ status: "sending", provider_message_id: null });
    expect(await reported(id)).toEqual([]);
    // Written again (the callback retried), it applies once.
    expect(
      await advanceSendsReporting(database.db, [change(id, { status: "sent", provider_message_id: "SM-y" })]),
    ).toEqual([true]);
    expect(await reported(id)).toEqual(["sent"]);
  });

  it("the writer gathers concurrent changes, answers each, and keeps each request's id on its event", async () => {
    const writer = new SendStatusWriter(autocommitter(database.db));
    const ids = await Promise.all([1, 2, 3, 4].map(() => newSend()));
    const answers = await Promise.all(
      ids.map((id, i) =>
        withContext(`req-${i}`, undefined, () =>
          writer.advance(change(id, { status: "sent", provider_message_id: `SM-${i}` })),
        ),
      ),
    );
    expect(answers).toEqual([true, true, true, true]);
    const { rows } = await sql<{ request_id: string; message_id: string }>`
      select request_id, payload->'data'->>'message_id' as message_id from outbox
      where payload->'data'->>'message_id' = any(${ids}::text[])`.execute(database.db);
    expect(new Map(rows.map((row) => [row.message_id, row.request_id]))).toEqual(
      new Map(ids.map((id, i) => [id, `req-${i}`])),
    );
  });

  it("marks many attempts started in one statement; a send not in the ledger is missing from the answer", async () => {
    const [a, b] = [await newSend(), await newSend()];
    const gone = crypto.randomUUID();
    const started = await startAttempts(database.db, [b, a, gone], 5_000);
    expect([...started.keys()].sort()).toEqual([a, b].sort());
    for (const id of [a, b]) {
      const row = await send(id);
      expect(row).toMatchObject({ attempts: 1 });
      expect(row?.attempt_started_at?.getTime()).toBe(started.get(id)?.getTime());
    }
  });
});
