import type { Observer } from "./observer.js";

/** Transactions and rows written in one database, from PostgreSQL's cumulative statistics. */
export interface DbCounters {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** `schema.table` → rows inserted + updated + deleted (the observer's database only). */
  tables: Record<string, number>;
  /** The observer's own queries so far, when it is connected to this database: each is a commit to take away. */
  observerQueries: number;
}

/**
 * Reads the counters. Backends flush their statistics at most once a second, so callers read
 * them after the phase has been quiet for longer than that.
 */
export async function readDbCounters(observer: Observer, database: string): Promise<DbCounters> {
  const own = database === observer.database;
  const observerQueries = own ? observer.queries : 0;
  const { rows } = await observer.query<Record<string, string>>(
    `select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted
     from pg_stat_database where datname = $1`,
    [database],
  );
  const tables: Record<string, number> = {};
  if (own) {
    const { rows: perTable } = await observer.query<{ name: string; n: string }>(
      `select schemaname || '.' || relname as name, n_tup_ins + n_tup_upd + n_tup_del as n from pg_stat_user_tables`,
    );
    for (const row of perTable) tables[row.name] = Number(row.n);
  }
  const db = rows[0] ?? {};
  return {
    commits: Number(db.xact_commit ?? 0),
    rollbacks: Number(db.xact_rollback ?? 0),
    inserted: Number(db.tup_inserted ?? 0),
    updated: Number(db.tup_updated ?? 0),
    deleted: Number(db.tup_deleted ?? 0),
    tables,
    observerQueries,
  };
}

export interface DbWork {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** The tables written most, rows per message. */
  tables: Array<[string, number]>;
}

/** Per message: what happened between two readings, less the observer's own transactions. */
export function dbWorkPerMessage(from: DbCounters, to: DbCounters, messages: number): DbWork {
  const per = (key: "commits" | "rollbacks" | "inserted" | "updated" | "deleted") =>
    (to[key] - from[key]) / (messages || 1);
  const observer = (to.observerQueries - from.observerQueries) / (messages || 1);
  const tables = Object.entries(to.tables)
    .map(([name, n]): [string, number] => [name, (n - (from.tables[name] ?? 0)) / (messages || 1)])
    .filter(([, n]) => n > 0.01)
    .sort((a, b) => b[1] - a[1]);
  return {
    commits: per("commits") - observer,
    rollbacks: per("rollbacks"),
    inserted: per("inserted"),
    updated: per("updated"),
    deleted: per("deleted"),
    tables,
  };
}
