import { createDatabase, type Database, migrate } from "@relay/service-kit";
import { dropSchemas, testDatabaseUrl, uniqueName } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertLiveEvents, type LiveRow } from "../src/db/live-events.js";
import { migrations } from "../src/db/migrations/index.js";
import type { WebDB } from "../src/db/schema.js";
import { type LiveEvent, LiveHub } from "../src/live/hub.js";
import { insertLiveSession } from "./live-sessions.js";

const schema = uniqueName("web_live_hub");
let database: Database<WebDB>;
const organizationId = crypto.randomUUID();

beforeAll(async () => {
  database = createDatabase({ url: testDatabaseUrl(), schema });
  await migrate(database, migrations);
  await insertLiveSession(database.db, organizationId);
});
afterAll(async () => {
  await database.close();
  await dropSchemas(schema);
});

const rows = (n: number): LiveRow[] =>
  Array.from({ length: n }, (_, i) => ({
    event_id: crypto.randomUUID(),
    organization_id: organizationId,
    channel_id: null,
    admins_only: true,
    type: "campaign.updated",
    data: { id: String(i) },
  }));

describe("the live hub's numbering", () => {
  it("holds its cursor while a batch that took lower numbers commits late, then delivers it in order", async () => {
    let clock = 0;
    const hub = new LiveHub(database.db, () => clock);
    await hub.init();
    const seen: LiveEvent[] = [];
    await hub.subscribe({ organizationId, scope: undefined, admin: true, push: (event) => seen.push(event) });

    // A batch takes three numbers and has not committed when a later one is visible.
    const late = await database.db.startTransaction().execute();
    try {
      expect(await insertLiveEvents(late, rows(3))).toBe(3);
      expect(await insertLiveEvents(database.db, rows(2))).toBe(2);
      expect(await hub.poll(100)).toBe(0);
      clock += 1_000;
      expect(await hub.poll(100)).toBe(0);
      await late.commit().execute();
      expect(await hub.poll(100)).toBe(5);
      expect(seen.map((event) => (event.data as { id: string }).id)).toEqual(["0", "1", "2", "0", "1"]);
      expect(seen.map((event) => event.seq)).toEqual(seen.map((_, i) => (seen[0]?.seq ?? 0) + i));
    } finally {
      await late
        .rollback()
        .execute()
        .catch(() => undefined);
    }
  });

  it("gives up on a number that never commits after the wait, and goes on", async () => {
    let clock = 0;
    const hub = new LiveHub(database.db, () => clock);
    await hub.init();
    const seen: LiveEvent[] = [];
    await hub.subscribe({ organizationId, scope: undefined, admin: true, push: (event) => seen.push(event) });
    // Numbers taken by a batch that failed are never used: sequences do not roll back.
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`select nextval(pg_get_serial_sequence('live_events', 'seq')) from generate_series(1, 2)`.execute(
          trx,
        );
        throw new Error("the batch failed");
      })
      .catch(() => undefined);
    await insertLiveEvents(database.db, rows(1));
    expect(await hub.poll(100)).toBe(0);
    clock += 2_000;
    expect(await hub.poll(100)).toBe(1);
    expect(seen).toHaveLength(1);
  });
});
