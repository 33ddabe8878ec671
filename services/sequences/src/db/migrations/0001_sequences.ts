import { type Kysely, sql } from "kysely";

/**
 * Sequences and their versions (steps and settings frozen per version: a run keeps the version
 * it started on), runs (one per enrollment), and run steps: a run's history, whose pending row
 * with a due time is the run's durable timer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sequences (
      id uuid primary key,
      organization_id uuid not null,
      title text not null,
      status text not null,
      version int not null,
      channel_id uuid not null,
      "from" text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sequences_org_idx on sequences (organization_id, created_at desc);

    create table sequence_versions (
      sequence_id uuid not null references sequences (id) on delete cascade,
      version int not null,
      steps jsonb not null,
      settings jsonb not null,
      created_at timestamptz not null default now(),
      primary key (sequence_id, version)
    );

    create table sequence_runs (
      id uuid primary key,
      organization_id uuid not null,
      sequence_id uuid not null references sequences (id) on delete cascade,
      version int not null,
      contact_id uuid not null,
      channel_id uuid not null,
      "from" text not null,
      status text not null,
      stop_reason text,
      current_step_id uuid,
      last_reply text,
      last_reply_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      completed_at timestamptz
    );
    create index sequence_runs_sequence_idx on sequence_runs (sequence_id, contact_id, created_at desc);
    create index sequence_runs_org_idx on sequence_runs (organization_id, created_at desc);
    create index sequence_runs_active_idx on sequence_runs (organization_id, contact_id, channel_id)
      where status = 'active';

    create table run_steps (
      id uuid primary key,
      run_id uuid not null references sequence_runs (id) on delete cascade,
      seq bigserial,
      organization_id uuid not null,
      step_id uuid not null,
      step_key text not null,
      type text not null,
      visit int not null,
      state text not null,
      outcome text,
      entered_at timestamptz not null,
      due_at timestamptz,
      done_at timestamptz,
      message_id uuid,
      body text,
      reply text,
      next_step_id uuid,
      unique (run_id, step_id, visit)
    );
    create index run_steps_due_idx on run_steps (due_at) where state = 'pending';
    create index run_steps_run_idx on run_steps (run_id, seq);

    -- Inbound messages already applied to runs: a redelivered event changes nothing.
    create table replies_seen (
      message_id uuid primary key,
      seen_at timestamptz not null default now()
    );
  `.execute(db);
}
