import { type QueryExecutorProvider, sql } from "kysely";

/**
 * One row per message an adapter was asked to send (`sends`, in the adapter's schema): what
 * makes its send command idempotent, the queue its send loop works from, and the record of
 * every attempt. `status` is `sending` until the provider answers, then moves forward only.
 */
export interface LedgerSend<P = unknown> {
  message_id: string;
  organization_id: string;
  channel_id: string;
  status: string;
  provider_message_id: string | null;
  /** The send command's data: everything the provider call needs. */
  payload: P;
  /** Provider calls started (retries included). */
  attempts: number;
  /** When the loop may work on it next (pacing, retry backoff, a reconciliation wait). */
  due_at: Date | null;
  /** Set just before a provider call and cleared with its outcome: set means "outcome unknown". */
  attempt_started_at: Date | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
}

/** A send taken by one loop, with the database's clock at the claim (decisions use one clock). */
export type ClaimedSend<P = unknown> = LedgerSend<P> & { claimed_at: Date };

type Db = QueryExecutorProvider;

const ms = (value: number) => sql`(${value} * interval '1 millisecond')`;

/**
 * Records a send command: the first time inserts the row due at `dueAt` (now when absent); a
 * repeat changes nothing, except that a row from before the ledger kept payloads gets one.
 * Returns whether the row is new.
 */
export async function acceptSend(
  db: Db,
  send: { message_id: string; organization_id: string; channel_id: string; payload: unknown; dueAt?: Date },
): Promise<boolean> {
  const { rows } = await sql<{ inserted: boolean }>`
    insert into sends as s (message_id, organization_id, channel_id, payload, due_at)
    values (${send.message_id}, ${send.organization_id}, ${send.channel_id},
      ${JSON.stringify(send.payload)}::jsonb, coalesce(${send.dueAt ?? null}::timestamptz, now()))
    on conflict (message_id) do update set payload = excluded.payload,
      due_at = coalesce(s.due_at, excluded.due_at)
      where s.payload is null
    returning (xmax = 0) as inserted`.execute(db);
  return rows[0]?.inserted ?? false;
}

export interface NewSend {
  message_id: string;
  organization_id: string;
  channel_id: string;
  payload: unknown;
  dueAt?: Date | undefined;
}

/** `acceptSend` for many commands in one statement (a repeated message id counts once). */
export async function acceptSends(db: Db, sends: NewSend[]): Promise<void> {
  const unique = [...new Map(sends.map((send) => [send.message_id.toLowerCase(), send])).values()];
  if (unique.length === 0) return;
  const column = <T>(pick: (send: NewSend) => T) => unique.map(pick);
  await sql`
    insert into sends as s (message_id, organization_id, channel_id, payload, due_at)
    select id, organization_id, channel_id, payload::jsonb, coalesce(due_at, now())
    from unnest(${column((s) => s.message_id)}::uuid[], ${column((s) => s.organization_id)}::uuid[],
      ${column((s) => s.channel_id)}::uuid[], ${column((s) => JSON.stringify(s.payload))}::text[],
      ${column((s) => s.dueAt ?? null)}::timestamptz[])
      as v(id, organization_id, channel_id, payload, due_at)
    on conflict (message_id) do update set payload = excluded.payload,
      due_at = coalesce(s.due_at, excluded.due_at)
      where s.payload is null`.execute(db);
}

/**
 * Claims up to `limit` sends that are due and not leased, leasing them for `leaseMs` (SKIP
 * LOCKED: instances never take the same row). A crashed holder's lease simply runs out.
 */
export async function claimDueSends<P>(db: Db, limit: number, leaseMs: number): Promise<ClaimedSend<P>[]> {
  const { rows } = await sql<ClaimedSend<P>>`
    update sends s set claimed_until = clock_timestamp() + ${ms(leaseMs)}
    from (
      select message_id from sends
      where status = 'sending' and due_at <= now() and payload is not null
        and (claimed_until is null or claimed_until < clock_timestamp())
      order by due_at limit ${limit}
      for update skip locked
    ) due
    where s.message_id = due.message_id
    returning s.message_id, s.organization_id, s.channel_id, s.status, s.provider_message_id, s.payload,
      s.attempts, s.due_at, s.attempt_started_at, s.error_code, s.error_message, s.created_at,
      clock_timestamp() as claimed_at`.execute(db);
  return rows;
}

/**
 * How long until the next send not yet due becomes due (pacing, a retry's backoff), by the
 * database's clock; undefined when none is waiting. Sends due already are leased or in hand.
 */
export async function nextDueInMs(db: Db): Promise<number | undefined> {
  const { rows } = await sql<{ wait_ms: number }>`
    select greatest(0, extract(epoch from (due_at - clock_timestamp())) * 1000)::float8 as wait_ms
    from sends where status = 'sending' and due_at > now()
    order by due_at limit 1`.execute(db);
  return rows[0]?.wait_ms;
}

/**
 * Marks a provider call as started, durably, before it is made: if the process dies before its
 * outcome is recorded, the next holder finds `attempt_started_at` set and reconciles first.
 */
export async function startAttempt(db: Db, messageId: string, leaseMs: number): Promise<Date> {
  const { rows } = await sql<{ attempt_started_at: Date }>`
    update sends set attempts = attempts + 1, attempt_started_at = clock_timestamp(),
      claimed_until = clock_timestamp() + ${ms(leaseMs)}, updated_at = now()
    where message_id = ${messageId}
    returning attempt_started_at`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`send ${messageId} vanished from the ledger`);
  return row.attempt_started_at;
}

/**
 * `startAttempt` for many sends in one statement (rows locked in id order first, so it never
 * waits in a circle with another batch). Returns each send's start; a send gone is missing.
 */
export async function startAttempts(
  db: Db,
  messageIds: string[],
  leaseMs: number,
): Promise<Map<string, Date>> {
  const ids = [...new Set(messageIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ message_id: string; attempt_started_at: Date }>`
    update sends s set attempts = s.attempts + 1, attempt_started_at = clock_timestamp(),
      claimed_until = clock_timestamp() + ${ms(leaseMs)}, updated_at = now()
    from (select message_id from sends where message_id = any(${ids}::uuid[]) order by message_id for update) locked
    where s.message_id = locked.message_id
    returning s.message_id, s.attempt_started_at`.execute(db);
  return new Map(rows.map((row) => [row.message_id.toLowerCase(), row.attempt_started_at]));
}

/**
 * Puts a send back for another try in `delayMs`. `outcomeKnown`: the provider surely did not take
 * it (a 429, a refused connection), so the open attempt is closed; otherwise it stays open and
 * the next try reconciles before calling the provider again.
 */
export async function retrySendLater(
  db: Db,
  messageId: string,
  retry: { delayMs: number; outcomeKnown: boolean; error?: { code?: string | undefined; message: string } },
): Promise<void> {
  await sql`
    update sends set due_at = now() + ${ms(retry.delayMs)}, claimed_until = null, updated_at = now(),
      attempt_started_at = case when ${retry.outcomeKnown} then null else attempt_started_at end,
      error_code = coalesce(${retry.error?.code ?? null}, error_code),
      error_message = coalesce(${retry.error?.message ?? null}, error_message)
    where message_id = ${messageId} and status = 'sending'`.execute(db);
}

export interface SendStatusUpdate {
  status: string;
  provider_message_id?: string | undefined;
  error_code?: string | undefined;
  error_message?: string | undefined;
}

export async function findSend<P = unknown>(db: Db, messageId: string): Promise<LedgerSend<P> | undefined> {
  const { rows } = await sql<LedgerSend<P>>`select * from sends where message_id = ${messageId}`.execute(db);
  return rows[0];
}

/** What a status webhook naming a send needs of it: whose it is, where it stands, its provider id. */
export type SendState = Pick<
  LedgerSend,
  "message_id" | "organization_id" | "channel_id" | "status" | "provider_message_id"
>;

export async function findSendState(db: Db, messageId: string): Promise<SendState | undefined> {
  const { rows } = await sql<SendState>`
    select message_id, organization_id, channel_id, status, provider_message_id
    from sends where message_id = ${messageId}`.execute(db);
  return rows[0];
}

export async function findSendByProviderId<P = unknown>(
  db: Db,
  providerMessageId: string,
): Promise<LedgerSend<P> | undefined> {
  const { rows } = await sql<LedgerSend<P>>`
    select * from sends where provider_message_id = ${providerMessageId}`.execute(db);
  return rows[0];
}

/** Which of these provider ids already belong to one of our sends (reconciliation must not take them). */
export async function knownProviderIds(db: Db, providerIds: string[]): Promise<Set<string>> {
  if (providerIds.length === 0) return new Set();
  const { rows } = await sql<{ provider_message_id: string }>`
    select provider_message_id from sends where provider_message_id in (${sql.join(providerIds)})`.execute(
    db,
  );
  return new Set(rows.map((row) => row.provider_message_id));
}

/** Serializes work on one provider id (an outcome being recorded vs. its status webhook). */
export async function lockProviderId(db: Db, providerId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`send:${providerId}`}))`.execute(db);
}
