import { type Kysely, sql } from "kysely";

/**
 * Saved messages (Whippy's `/automations/templates`): an organization-wide catalogue like tags.
 * `variables` is what the message prints, computed when it is written, so lists need no parse.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table message_templates (
      id uuid primary key,
      organization_id uuid not null references organizations (id) on delete cascade,
      title text not null,
      message text not null,
      channel_type text check (channel_type in ('phone', 'email', 'whatsapp')),
      attachments text[] not null default '{}',
      access_level text not null default 'organization' check (access_level in ('organization', 'user')),
      archived boolean not null default false,
      variables text[] not null default '{}',
      created_by integer,
      updated_by integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index message_templates_org_created_idx on message_templates (organization_id, created_at, id);
  `.execute(db);
}
