import { type Kysely, sql } from "kysely";

/**
 * Web owns credentials and sessions, keyed by core's user ids; users (their email, name, role)
 * and channel access are projections of core's events. Live events are the bus's conversation
 * events kept for an hour, numbered, so a stream resumes with `Last-Event-ID`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      organization_id uuid not null,
      id int not null,
      name text not null,
      email text not null,
      role text not null,
      version timestamptz not null,
      deleted boolean not null default false,
      primary key (organization_id, id)
    );
    create index users_email_idx on users (lower(email));

    create table credentials (
      organization_id uuid not null,
      user_id int not null,
      password_hash text not null,
      updated_at timestamptz not null default now(),
      primary key (organization_id, user_id)
    );

    create table sessions (
      id uuid primary key,
      token_hash text not null unique,
      csrf_token text not null,
      organization_id uuid not null,
      user_id int not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index sessions_user_idx on sessions (organization_id, user_id);

    create table login_tokens (
      id uuid primary key,
      token_hash text not null unique,
      kind text not null check (kind in ('invitation', 'reset')),
      organization_id uuid not null,
      user_id int not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table login_failures (
      email text not null,
      failed_at timestamptz not null default now()
    );
    create index login_failures_idx on login_failures (email, failed_at);

    create table channel_access (
      id uuid primary key,
      organization_id uuid not null,
      user_ids int[] not null default '{}',
      version timestamptz not null,
      deleted boolean not null default false
    );
    create index channel_access_org_idx on channel_access (organization_id);

    create table live_events (
      seq bigserial primary key,
      event_id uuid not null unique,
      organization_id uuid not null,
      channel_id uuid not null,
      type text not null,
      data jsonb not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}
