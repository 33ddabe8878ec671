import type { EventEnvelope } from "@relay/domain";
import { type Kysely, type QueryExecutorProvider, sql } from "kysely";
import { currentContext, type RequestContext } from "../observability/request-context.js";
import type { Autocommit } from "../outbox.js";
import { WriteBatcher } from "../write-batcher.js";

/**
 * A provider's webhook as an adapter keeps it (`webhooks`, in the adapter's schema: phone's and
 * WhatsApp's first migrations): unique per kind and key, so a repeat is recognized and dropped.
 */
export interface NewWebhook {
  kind: string;
  dedupe_key: string;
  organization_id: string;
  channel_id: string;
  /** The provider's id of what it is about (a MessageSid, a wamid, a CallSid). */
  provider_id: string;
  payload: unknown;
  /** False for a status that came before its send was recorded (applied when it is). */
  applied?: boolean;
}

/** Creates the table (phone's and WhatsApp's first migrations run it). */
export async function createWebhookStore(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhooks (
      id bigserial primary key,
      kind text not null,
      dedupe_key text not null,
      organization_id uuid not null,
      channel_id uuid not null,
      provider_id text not null,
      payload jsonb not null,
      applied boolean not null default true,
      received_at timestamptz not null default now(),
      unique (kind, dedupe_key)
    );
    create index webhooks_unapplied_idx on webhooks (provider_id) where not applied;
  `.execute(db);
}

export interface StoredWebhook<P = unknown> {
  id: number;
  kind: string;
  dedupe_key: string;
  organization_id: string;
  channel_id: string;
  provider_id: string;
  payload: P;
  applied: boolean;
  received_at: Date;
}

/** Stores a webhook; false when one with the same kind and key was stored before (a duplicate). */
export async function insertWebhook(db: QueryExecutorProvider, webhook: NewWebhook): Promise<boolean> {
  const result = await sql`
    insert into webhooks (kind, dedupe_key, organization_id, channel_id, provider_id, payload, applied)
    values (${webhook.kind}, ${webhook.dedupe_key}, ${webhook.organization_id}, ${webhook.channel_id},
      ${webhook.provider_id}, ${JSON.stringify(webhook.payload)}::jsonb, ${webhook.applied ?? true})
    on conflict (kind, dedupe_key) do nothing`.execute(db);
  return (result.numAffectedRows ?? 0n) > 0n;
}

/** A webhook to store and the event it announces, written only if the webhook is new. */
export interface ReportedWebhook {
  webhook: NewWebhook;
  event: EventEnvelope;
  /** The request it came in (its outbox row carries it). */
  origin?: RequestContext | undefined;
}

const keyOf = (webhook: NewWebhook) => `${webhook.kind}\u0000${webhook.dedupe_key}`;

/**
 * Stores webhooks and writes each new one's event to the outbox, in one statement that commits
 * on its own; a duplicate (same kind and key, stored before or earlier in `items`) writes
 * neither. Rows go in key order, so two batches never wait on each other in a circle. Returns,
 * per item, whether it was new.
 */
export async function insertWebhooksReporting(
  db: QueryExecutorProvider,
  items: ReportedWebhook[],
): Promise<boolean[]> {
  const first = new Map<string, ReportedWebhook>();
  for (const item of items) if (!first.has(keyOf(item.webhook))) first.set(keyOf(item.webhook), item);
  const rows = [...first.values()].map(({ webhook, event, origin }) => ({
    ...webhook,
    applied: webhook.applied ?? true,
    event_id: event.id,
    subject: event.type,
    event_organization_id: event.organization_id,
    event,
    request_id: origin?.requestId ?? null,
    traceparent: origin?.traceparent ?? null,
  }));
  if (rows.length === 0) return [];
  const { rows: stored } = await sql<{ kind: string; dedupe_key: string }>`
    with v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
        kind text, dedupe_key text, organization_id uuid, channel_id uuid, provider_id text,
        payload jsonb, applied boolean, event_id uuid, subject text, event_organization_id uuid,
        event jsonb, request_id text, traceparent text)
    ),
    stored as (
      insert into webhooks (kind, dedupe_key, organization_id, channel_id, provider_id, payload, applied)
      select kind, dedupe_key, organization_id, channel_id, provider_id, payload, applied
      from v order by kind, dedupe_key
      on conflict (kind, dedupe_key) do nothing
      returning kind, dedupe_key
    ),
    reported as (
      insert into outbox (id, subject, organization_id, payload, request_id, traceparent)
      select v.event_id, v.subject, v.event_organization_id, v.event, v.request_id, v.traceparent
      from v join stored using (kind, dedupe_key)
    )
    select kind, dedupe_key from stored`.execute(db);
  const fresh = new Set(stored.map((row) => `${row.kind}\u0000${row.dedupe_key}`));
  return items.map((item) => first.get(keyOf(item.webhook)) === item && fresh.has(keyOf(item.webhook)));
}

/** Webhooks of a kind about this provider id that could not be applied when they came, oldest first. */
export async function unappliedWebhooks<P = unknown>(
  db: QueryExecutorProvider,
  kind: string,
  providerId: string,
): Promise<StoredWebhook<P>[]> {
  const { rows } = await sql<StoredWebhook<P>>`
    select * from webhooks where provider_id = ${providerId} and kind = ${kind} and not applied
    order by id`.execute(db);
  return rows;
}

export async function markWebhooksApplied(db: QueryExecutorProvider, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update webhooks set applied = true where id = any(${ids}::bigint[])`.execute(db);
}

/**
 * Inbound webhooks stored and announced by group commit: those arriving while one batch is
 * written go in the next, one statement for all (`WriteBatcher`). `store` resolves once its
 * webhook is committed, with whether it was new; only then may the provider be answered.
 */
export class WebhookWriter<DB> {
  private readonly batcher: WriteBatcher<ReportedWebhook, boolean>;

  constructor(autocommit: Autocommit<DB>) {
    this.batcher = new WriteBatcher((items) => autocommit((db) => insertWebhooksReporting(db, items)));
  }

  store(webhook: NewWebhook, event: EventEnvelope): Promise<boolean> {
    return this.batcher.add({ webhook, event, origin: currentContext() });
  }
}
