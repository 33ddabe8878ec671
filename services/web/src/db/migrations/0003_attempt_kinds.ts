import { type Kysely, sql } from "kysely";

/** Reset requests are counted per email like failed logins, apart from them (one never blocks the other). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table login_failures add column kind text not null default 'login';
    drop index login_failures_idx;
    create index login_failures_idx on login_failures (kind, email, failed_at);
  `.execute(db);
}
