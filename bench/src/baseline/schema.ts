/** The kit's `outbox` with its indexes: what one event written in a transaction costs at least. */
export const OUTBOX_TABLE = `
  create table outbox (
    id uuid primary key,
    subject text not null,
    payload jsonb not null,
    created_at timestamptz not null default now(),
    seq bigserial not null,
    organization_id uuid not null,
    attempts integer not null default 0,
    next_attempt_at timestamptz,
    last_error text
  );
  create index outbox_seq_idx on outbox (seq);
  create index outbox_org_seq_idx on outbox (organization_id, seq);
`;

/**
 * The baseline's tables: conversations' `messages` (less the conversations foreign key, as the
 * baseline has no conversations) and the kit's `outbox`, with the same indexes, so each accept
 * writes the same rows and index entries a real accept writes at least.
 */
export const BASELINE_SCHEMA = `
  create table messages (
    id uuid primary key,
    seq bigserial not null,
    organization_id uuid not null,
    conversation_id uuid not null,
    contact_id uuid not null,
    channel_id uuid not null,
    type text not null check (type in ('sms', 'call')),
    direction text not null check (direction in ('INBOUND', 'OUTBOUND')),
    body text,
    from_address text not null,
    to_address text not null,
    delivery_status text not null,
    media jsonb not null default '[]',
    automated boolean not null default false,
    provider_message_id text,
    error_code text,
    error_message text,
    schedule_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create unique index messages_provider_id_key
    on messages (channel_id, type, provider_message_id) where provider_message_id is not null;
  create index messages_conversation_idx on messages (conversation_id, created_at desc, seq desc);
  create index messages_org_idx on messages (organization_id);
  create index messages_due_idx on messages (schedule_at) where delivery_status = 'scheduled';
  ${OUTBOX_TABLE}
`;
