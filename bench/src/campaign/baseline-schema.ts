import type { Observer } from "../phases/observer.js";

/**
 * The DDL of a copy of the stack's `campaigns.campaign_recipients` as it is in this run (read
 * from the catalog, so the copy follows the service's migrations): same columns, types,
 * defaults, primary key, indexes, and a foreign key to a one-column `campaigns` table, so the
 * raw insert writes the same heap tuples, index entries and key checks per recipient as storing
 * a campaign's audience does.
 */
export async function recipientsBaselineSchema(observer: Observer): Promise<string> {
  const { rows: columns } = await observer.query<{
    name: string;
    type: string;
    notnull: boolean;
    def: string | null;
  }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
            pg_get_expr(d.adbin, d.adrelid) as def
     from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = 'campaigns.campaign_recipients'::regclass and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
  );
  const { rows: constraints } = await observer.query<{ def: string }>(
    `select pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = 'campaigns.campaign_recipients'::regclass and contype in ('p', 'f', 'u', 'c')
     order by contype desc`,
  );
  const { rows: indexes } = await observer.query<{ def: string }>(
    `select pg_get_indexdef(i.indexrelid) as def from pg_index i
     where i.indrelid = 'campaigns.campaign_recipients'::regclass and not i.indisprimary
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
  );
  if (columns.length === 0) throw new Error("campaigns.campaign_recipients has no columns");
  const column = (c: (typeof columns)[number]) => {
    // A serial column's sequence belongs to the copy: bigserial again.
    if (c.def?.startsWith("nextval(")) return `"${c.name}" ${c.type === "integer" ? "serial" : "bigserial"}`;
    return `"${c.name}" ${c.type}${c.notnull ? " not null" : ""}${c.def ? ` default ${c.def}` : ""}`;
  };
  const unqualified = (def: string) => def.replaceAll("campaigns.", "");
  return [
    "create table campaigns (id uuid primary key);",
    `create table campaign_recipients (\n  ${[...columns.map(column), ...constraints.map((c) => unqualified(c.def))].join(",\n  ")}\n);`,
    ...indexes.map((i) => `${unqualified(i.def)};`),
  ].join("\n");
}
