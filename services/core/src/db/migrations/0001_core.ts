import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organizations (
      id uuid primary key,
      name text not null,
      default_country text not null default 'US',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table api_keys (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      name text not null,
      prefix text not null,
      secret_hash text not null unique,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      last_used_at timestamptz
    );
    create index api_keys_org_idx on api_keys (organization_id, created_at);

    create table users (
      id serial primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      name text not null,
      email text not null,
      role text not null default 'agent',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_org_email_key on users (organization_id, lower(email));

    create table teams (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table team_members (
      team_id uuid not null references teams (id) on delete cascade,
      user_id integer not null references users (id) on delete cascade,
      organization_id uuid not null,
      primary key (team_id, user_id)
    );

    create table channels (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      type text not null check (type in ('phone', 'email', 'whatsapp')),
      name text not null,
      description text,
      phone text,
      address text,
      timezone text not null default 'America/New_York',
      color text,
      emoji text,
      automatic_response_open text,
      automatic_response_closed text,
      provider text not null,
      credentials jsonb not null default '{}',
      send_rate numeric not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index channels_org_phone_key on channels (organization_id, type, phone) where phone is not null;
    create unique index channels_org_address_key on channels (organization_id, lower(address)) where address is not null;

    create table opening_hours (
      id uuid primary key,
      channel_id uuid not null references channels (id) on delete cascade,
      organization_id uuid not null,
      weekday text not null,
      opens_at text not null,
      closes_at text not null,
      state text not null default 'open'
    );
    create index opening_hours_channel_idx on opening_hours (channel_id);

    create table channel_users (
      channel_id uuid not null references channels (id) on delete cascade,
      user_id integer not null references users (id) on delete cascade,
      organization_id uuid not null,
      primary key (channel_id, user_id)
    );

    create table contacts (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      name text,
      phone text,
      email text,
      external_id text,
      address jsonb,
      birth_date jsonb,
      language text,
      default_channel_id uuid,
      properties jsonb not null default '{}',
      tags text[] not null default '{}',
      state text not null default 'open',
      blocked boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index contacts_org_phone_key on contacts (organization_id, phone) where phone is not null;
    create unique index contacts_org_email_key on contacts (organization_id, lower(email)) where email is not null;
    create unique index contacts_org_external_id_key on contacts (organization_id, external_id) where external_id is not null;
    create index contacts_org_created_idx on contacts (organization_id, created_at, id);
  `.execute(db);
}
