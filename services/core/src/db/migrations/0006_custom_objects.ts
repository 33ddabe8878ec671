import { type Kysely, sql } from "kysely";

/**
 * Custom objects (Whippy's custom data): an organization's definitions, their typed properties,
 * and records holding values by property key, optionally a contact's (gone with the contact).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table custom_objects (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      key text not null,
      label text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, key)
    );
    create index custom_objects_org_created_idx on custom_objects (organization_id, created_at, id);

    create table custom_properties (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      custom_object_id uuid not null references custom_objects (id) on delete cascade,
      key text not null,
      label text not null,
      type text not null,
      default_value jsonb,
      required boolean not null default false,
      position integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (custom_object_id, key)
    );

    create table custom_object_records (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      custom_object_id uuid not null references custom_objects (id) on delete cascade,
      external_id text,
      contact_id uuid references contacts (id) on delete cascade,
      properties jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index custom_object_records_external_idx
      on custom_object_records (custom_object_id, external_id) where external_id is not null;
    create index custom_object_records_object_idx on custom_object_records (custom_object_id, created_at, id);
    create index custom_object_records_contact_idx on custom_object_records (contact_id, created_at, id)
      where contact_id is not null;
    create index custom_object_records_org_updated_idx on custom_object_records (organization_id, updated_at);
  `.execute(db);
}
