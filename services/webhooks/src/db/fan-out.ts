import { type Kysely, sql } from "kysely";
import type { PublicEvent } from "../services/public-event.js";
import type { WebhooksDB } from "./schema.js";

/** The endpoint filter: subscribed by name, by `<resource>.*` or by `*`; endpoint and application enabled. */
const subscribed = (type: ReturnType<typeof sql.ref>) => sql`
  ep.active and a.active
  and ep.event_types && array['*', split_part(${type}, '.', 1) || '.*', ${type}]::text[]`;

/**
 * Stores new public events and, in the same statement, one pending delivery per endpoint of the
 * event's own organization that subscribes to it. An event already stored (consumed again) adds
 * nothing. Returns the deliveries created.
 */
export async function storeAndFanOut(
  db: Kysely<WebhooksDB>,
  events: PublicEvent[],
  now: Date,
): Promise<number> {
  if (events.length === 0) return 0;
  const result = await sql`
    with incoming as (
      select * from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        as x(id uuid, organization_id uuid, type text, resource_key text, body text, occurred_at timestamptz)
    ), inserted as (
      insert into events (id, organization_id, type, resource_key, body, occurred_at)
      select id, organization_id, type, resource_key, body, occurred_at from incoming
      on conflict (id) do nothing
      returning id, seq, organization_id, type, resource_key
    )
    insert into deliveries (id, organization_id, endpoint_id, event_id, event_type, resource_key, status, next_attempt_at, created_at, updated_at)
    select gen_random_uuid(), i.organization_id, ep.id, i.id, i.type, i.resource_key, 'pending', ${now}, ${now}, ${now}
    from inserted i
    join endpoints ep on ep.organization_id = i.organization_id
    join applications a on a.organization_id = ep.organization_id and a.id = ep.application_id
    where ${subscribed(sql.ref("i.type"))}
    order by i.seq, ep.id`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Replay: every event of the endpoint's organization it subscribes to, since (until) a time, again. */
export async function replayEvents(
  db: Kysely<WebhooksDB>,
  endpoint: { id: string; organization_id: string },
  since: Date,
  until: Date | undefined,
  now: Date,
): Promise<number> {
  const result = await sql`
    insert into deliveries (id, organization_id, endpoint_id, event_id, event_type, resource_key, status, next_attempt_at, created_at, updated_at)
    select gen_random_uuid(), e.organization_id, ep.id, e.id, e.type, e.resource_key, 'pending', ${now}, ${now}, ${now}
    from events e
    join endpoints ep on ep.id = ${endpoint.id} and ep.organization_id = e.organization_id
    join applications a on a.organization_id = ep.organization_id and a.id = ep.application_id
    where e.organization_id = ${endpoint.organization_id}
      and e.occurred_at >= ${since}
      and (${until ?? null}::timestamptz is null or e.occurred_at < ${until ?? null})
      and e.only_endpoint_id is null
      and ${subscribed(sql.ref("e.type"))}
    order by e.occurred_at, e.seq`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
