import { dropSchemas, testDatabaseUrl, uniqueName } from "@relay/testing";
import { type Kysely, type Migration, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, type Database, kitMigrations, migrate } from "../src/index.js";

const schema = uniqueName("kit_migrate");
const databases: Database<unknown>[] = [];

afterAll(async () => {
  for (const database of databases) await database.close();
  await dropSchemas(schema);
});

/** A migration that is slow enough for a second instance to arrive while it runs. */
const migrations: Record<string, Migration> = {
  ...kitMigrations,
  "0001_widgets": {
    async up(db: Kysely<unknown>) {
      await sql`select pg_sleep(0.2)`.execute(db);
      await sql`create table widgets (id int primary key)`.execute(db);
    },
  },
};

describe("migrate", () => {
  it("lets instances starting together on a new schema take turns, each migration applied once", async () => {
    const instances = Array.from({ length: 3 }, () => {
      const database = createDatabase<unknown>({ url: testDatabaseUrl(), schema });
      databases.push(database);
      return database;
    });
    await Promise.all(instances.map((database) => migrate(database, migrations)));
    const { rows } = await (instances[0] as Database<unknown>).pool.query<{ name: string }>(
      `select name from "${schema}".kysely_migration order by name`,
    );
    expect(rows.map((row) => row.name)).toEqual(Object.keys(migrations).sort());
  });

  it("migrates while other schemas come and go (tests dropping theirs beside it)", async () => {
    const churn = uniqueName("kit_churn");
    let stop = false;
    const admin = createDatabase<unknown>({ url: testDatabaseUrl(), schema: churn });
    databases.push(admin);
    const churning = (async () => {
      for (let i = 0; !stop; i += 1) {
        const name = `${churn}_${i % 4}`;
        await admin.pool.query(`create schema if not exists "${name}"`);
        await admin.pool.query(`create table if not exists "${name}".t (id serial primary key)`);
        await admin.pool.query(`drop schema if exists "${name}" cascade`);
        // About as often as a busy test run drops schemas (each file's teardown), and then some.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const fresh = Array.from({ length: 6 }, () => uniqueName("kit_migrate_churn"));
    try {
      for (const name of fresh) {
        const database = createDatabase<unknown>({ url: testDatabaseUrl(), schema: name });
        databases.push(database);
        await migrate(database, kitMigrations);
      }
    } finally {
      stop = true;
      await churning;
      await dropSchemas(...fresh);
    }
    expect(fresh).toHaveLength(6);
  });
});
