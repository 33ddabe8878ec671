import { Kysely, type Migration, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Logger } from "./logger.js";

// Return int8/numeric counts as numbers and dates as Date; timestamps stay Date objects.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface Database<DB> {
  db: Kysely<DB>;
  schema: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  /** The PostgreSQL schema this service owns. Every connection's search_path is set to it. */
  schema: string;
  maxConnections?: number;
}

/**
 * One pool per service. The service's schema is the search_path of every connection,
 * so queries and migrations use unqualified table names and a test can use its own schema.
 */
export function createDatabase<DB>(options: DatabaseOptions): Database<DB> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${options.schema}`,
    application_name: options.schema,
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    schema: options.schema,
    close: () => db.destroy(),
  };
}

/**
 * Creates the schema if needed and runs the service's migrations, in order, once each. Instances
 * of a service starting together take turns: `create schema if not exists` and the migrator's
 * own tables race otherwise (a unique violation in the catalog), so a session lock per schema,
 * held on a connection of its own, covers it all.
 */
export async function migrate<DB>(
  database: Database<DB>,
  migrations: Record<string, Migration>,
  logger?: Logger,
): Promise<void> {
  const lock = await database.pool.connect();
  try {
    await lock.query("select pg_advisory_lock(hashtextextended($1, 0))", [`migrate:${database.schema}`]);
    await migrateLocked(database, migrations, logger);
  } finally {
    await lock.query("select pg_advisory_unlock_all()").catch(() => undefined);
    lock.release();
  }
}

async function migrateLocked<DB>(
  database: Database<DB>,
  migrations: Record<string, Migration>,
  logger?: Logger,
): Promise<void> {
  await sql`create schema if not exists ${sql.id(database.schema)}`.execute(database.db);
  const migrator = new Migrator({
    db: database.db,
    migrationTableSchema: database.schema,
    provider: { getMigrations: async () => migrations },
    // Kit migrations touch only kit tables, so they may land after a service's later ones.
    allowUnorderedMigrations: true,
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its tables by listing every table of the database, which fails when another
  // schema is dropped meanwhile (tests dropping theirs): nothing was applied, so look again.
  for (let retry = 1; retry <= 10 && error && catalogRaced(error); retry += 1) {
    logger?.warn({ err: error, retry }, "migration catalog read raced a dropped schema; retrying");
    await new Promise((resolve) => setTimeout(resolve, 25 * retry));
    ({ error, results } = await migrator.migrateToLatest());
  }
  for (const result of results ?? []) {
    if (result.status === "Success") logger?.info({ migration: result.migrationName }, "migration applied");
    if (result.status === "Error") logger?.error({ migration: result.migrationName }, "migration failed");
  }
  if (error) throw new Error(`migrations failed in schema ${database.schema}`, { cause: error });
}

/** A catalog read that lost a race with a concurrent `drop schema` (undefined schema or table). */
function catalogRaced(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === "3F000" || code === "42P01";
}

/** Is the database answering? Used by readiness checks. */
export async function pingDatabase(db: Kysely<unknown>): Promise<void> {
  await sql`select 1`.execute(db);
}
