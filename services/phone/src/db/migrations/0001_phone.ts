import { createWebhookStore } from "@relay/service-kit";
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sends (
      message_id uuid primary key,
      organization_id uuid not null,
      channel_id uuid not null,
      status text not null default 'sending',
      provider_message_id text unique,
      attempts integer not null default 0,
      claimed_until timestamptz,
      error_code text,
      error_message text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table send_slots (
      channel_id uuid primary key,
      next_slot_at timestamptz not null
    );

    create table calls (
      call_sid text primary key,
      organization_id uuid not null,
      channel_id uuid not null,
      direction text not null,
      from_number text not null,
      to_number text not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
  await createWebhookStore(db);
}
