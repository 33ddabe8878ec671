import { type Kysely, sql } from "kysely";

/**
 * The tag catalogue: an identity, a color and a state for each name contacts carry. Contacts keep
 * their tags by name (`contacts.tags`); every name already on a contact becomes a tag here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tags (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      name text not null,
      color text not null default '#6b7280',
      type text not null default 'contact',
      state text not null default 'active' check (state in ('active', 'archived')),
      system_created boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, name)
    );
    create index tags_org_created_idx on tags (organization_id, created_at, id);

    insert into tags (id, organization_id, name)
    select gen_random_uuid(), organization_id, name
      from (select distinct organization_id, unnest(tags) as name from contacts) names;
  `.execute(db);
}
