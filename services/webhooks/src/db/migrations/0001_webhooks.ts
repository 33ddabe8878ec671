import { type Kysely, sql } from "kysely";

/**
 * Applications and their endpoints; events as sent (one row per public event); deliveries (one
 * per event and endpoint, the row the dispatcher claims); custom events with their resources.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table applications (
      organization_id uuid not null,
      id uuid not null,
      name text not null,
      description text,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (organization_id, id)
    );

    create table endpoints (
      id uuid primary key,
      organization_id uuid not null,
      application_id uuid not null,
      url text not null,
      event_types text[] not null,
      active boolean not null default true,
      description text,
      secret text not null,
      previous_secret text,
      previous_secret_expires_at timestamptz,
      disabled_reason text,
      disabled_at timestamptz,
      failing_since timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (organization_id, application_id) references applications (organization_id, id) on delete cascade
    );
    create index endpoints_org_idx on endpoints (organization_id, created_at desc);
    create index endpoints_types_idx on endpoints using gin (event_types);

    create table events (
      id uuid primary key,
      seq bigserial,
      organization_id uuid not null,
      type text not null,
      resource_key text not null,
      body text not null,
      occurred_at timestamptz not null,
      only_endpoint_id uuid
    );
    create index events_org_time_idx on events (organization_id, occurred_at);

    create table deliveries (
      id uuid primary key,
      seq bigserial,
      organization_id uuid not null,
      endpoint_id uuid not null references endpoints (id) on delete cascade,
      event_id uuid not null references events (id),
      event_type text not null,
      resource_key text not null,
      status text not null,
      attempts int not null default 0,
      next_attempt_at timestamptz,
      leased_until timestamptz,
      response_code int,
      latency_ms int,
      response_body text,
      error text,
      last_attempt_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index deliveries_due_idx on deliveries (next_attempt_at, seq) where status = 'pending';
    create index deliveries_order_idx on deliveries (endpoint_id, resource_key, seq) where status = 'pending';
    create index deliveries_log_idx on deliveries (endpoint_id, seq desc);

    create table custom_events (
      id uuid primary key,
      organization_id uuid not null,
      event text not null,
      external_id text,
      timestamp timestamptz not null,
      payload jsonb not null,
      associated_resources jsonb not null,
      created_at timestamptz not null default now()
    );
    create unique index custom_events_external_idx on custom_events (organization_id, external_id)
      where external_id is not null;
    -- Core's contacts by id, from its events: a contact's timeline answers 404 in other organizations.
    create table known_contacts (
      organization_id uuid not null,
      id uuid not null,
      primary key (organization_id, id)
    );
    create index custom_events_resources_idx on custom_events using gin (associated_resources jsonb_path_ops);
  `.execute(db);
}
