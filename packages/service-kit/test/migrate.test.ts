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
});
