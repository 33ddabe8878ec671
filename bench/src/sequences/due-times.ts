/** What the due-time helpers need of a connection (a pg.Client, the bench's Observer). */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/**
 * Gives the pending timers of `table` matched by `where` their due times in one statement: the
 * first at `startMs`, the rest evenly over `spreadMs` (0: all at once), in id order (random v4
 * ids: no relation to contacts or insert order). `where` uses $1…; the two times follow.
 */
export async function scheduleDue(
  client: Queryable,
  o: { table: string; where: string; values: unknown[]; startMs: number; spreadMs: number },
): Promise<number> {
  const at = o.values.length;
  const result = await client.query(
    `with numbered as (
       select id, row_number() over (order by id) - 1 as n, count(*) over () as total
       from ${o.table} where ${o.where}
     )
     update ${o.table} t
     set due_at = to_timestamp($${at + 1}::float8 / 1000) + (numbered.n * $${at + 2}::float8 / numbered.total) * interval '1 millisecond'
     from numbered where t.id = numbered.id`,
    [...o.values, o.startMs, o.spreadMs],
  );
  return result.rowCount ?? 0;
}

/** A due time far off: seeded timers wait there until a phase schedules them. */
export const PARKED = "2100-01-01T00:00:00Z";
