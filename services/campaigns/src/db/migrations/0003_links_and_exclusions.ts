import { type Kysely, sql } from "kysely";

/**
 * Tracked links: one code per recipient and link, the only targets `/l/{code}` redirects to; a
 * recipient's first click stamped on the recipient (the campaign counts recipients who clicked,
 * so a click never contends for the campaign row).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table campaigns add column track_links boolean not null default true;
    alter table campaigns drop column link_clicks;
    -- Derivable: the audience is loaded when audience_phase is 'done'.
    alter table campaigns drop column audience_loaded;
    alter table campaign_recipients add column clicked_at timestamptz;

    create table campaign_links (
      code text primary key,
      campaign_id uuid not null references campaigns (id) on delete cascade,
      contact_id uuid not null,
      target text not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}
