import { type Kysely, sql } from "kysely";
import type { WebDB } from "./schema.js";

/** One `live_events` row to store, as the live feed builds it from an event. */
export interface LiveRow {
  event_id: string;
  organization_id: string;
  channel_id: string | null;
  admins_only: boolean;
  type: string;
  data: unknown;
}

/**
 * Stores rows in one statement (one autocommit), numbered in the order given. A row whose event
 * is already stored takes no number (the `not exists` filters it before the sequence is read),
 * so a redelivery leaves no hole for the poller to wait on; `on conflict` covers a concurrent
 * twin. Rows of an organization without a live session are not stored: no stream can exist to
 * receive them, nor one resume to replay them (a stream needs a session). Answers how many were
 * stored.
 */
export async function insertLiveEvents(db: Kysely<WebDB>, rows: LiveRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await sql`
    insert into live_events (event_id, organization_id, channel_id, admins_only, type, data)
    select r.event_id, r.organization_id, r.channel_id, r.admins_only, r.type, r.data
    from jsonb_to_recordset(${JSON.stringify(rows.map((row, n) => ({ ...row, n })))}::jsonb) as r(
      event_id uuid, organization_id uuid, channel_id uuid, admins_only boolean, type text, data jsonb, n int)
    where not exists (select 1 from live_events e where e.event_id = r.event_id)
      and exists (
        select 1 from sessions s
        where s.organization_id = r.organization_id and s.revoked_at is null and s.expires_at > now())
    order by r.n
    on conflict (event_id) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
