import { type Kysely, sql } from "kysely";

/** Leads handed in by integrations (`POST /v1/leads`): who, from where, and the conversation they opened. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table leads (
      id uuid primary key,
      organization_id uuid not null,
      contact_id uuid not null,
      channel_id uuid not null,
      conversation_id uuid not null references conversations (id) on delete cascade,
      message_id uuid references messages (id) on delete set null,
      name text,
      phone text,
      email text,
      source text,
      status text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index leads_organization_created on leads (organization_id, created_at desc, id desc);
    create index leads_contact on leads (organization_id, contact_id);
  `.execute(db);
}
