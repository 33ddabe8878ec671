import type { AssociatedResource } from "@relay/domain";
import type { Sealed } from "@relay/service-kit";
import type { ColumnType, Generated, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** A signing secret at rest: sealed, or (stored before sealing, until the start-up pass) the plain string. */
export type StoredSecret = Sealed | string;

/** Keyed by organization and id: Whippy's piece names one fixed application id in every organization. */
export interface ApplicationsTable {
  organization_id: string;
  id: string;
  name: string;
  description: string | null;
  active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EndpointsTable {
  id: string;
  organization_id: string;
  application_id: string;
  url: string;
  event_types: string[];
  active: boolean;
  description: string | null;
  /** Signs every delivery; the previous one signs too until `previous_secret_expires_at`. Sealed. */
  secret: Json<StoredSecret>;
  previous_secret: ColumnType<StoredSecret | null, string | null | undefined, string | null>;
  previous_secret_expires_at: NullableTimestamp;
  disabled_reason: string | null;
  disabled_at: NullableTimestamp;
  /** The first failed attempt since the last success: five days of it disable the endpoint. */
  failing_since: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A public event as sent: `body` is the exact JSON every attempt (and replay) signs and posts. */
export interface EventsTable {
  id: string;
  seq: Generated<string>;
  organization_id: string;
  type: string;
  resource_key: string;
  body: string;
  occurred_at: Timestamp;
  /** A test event goes to this endpoint only, and is never replayed. */
  only_endpoint_id: string | null;
}

export interface DeliveriesTable {
  id: string;
  seq: Generated<string>;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  resource_key: string;
  status: string;
  attempts: number;
  next_attempt_at: NullableTimestamp;
  /** While an attempt is in flight: past it, another instance (or this one, restarted) may try again. */
  leased_until: NullableTimestamp;
  response_code: number | null;
  latency_ms: number | null;
  response_body: string | null;
  error: string | null;
  last_attempt_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomEventsTable {
  id: string;
  organization_id: string;
  event: string;
  external_id: string | null;
  timestamp: Timestamp;
  payload: Json<Record<string, unknown>>;
  associated_resources: Json<AssociatedResource[]>;
  created_at: Timestamp;
}

export interface KnownContactsTable {
  organization_id: string;
  id: string;
}

export interface WebhooksDB {
  known_contacts: KnownContactsTable;
  applications: ApplicationsTable;
  endpoints: EndpointsTable;
  events: EventsTable;
  deliveries: DeliveriesTable;
  custom_events: CustomEventsTable;
}

export type ApplicationRow = Selectable<ApplicationsTable>;
export type EndpointRow = Selectable<EndpointsTable>;
export type EventRow = Selectable<EventsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type CustomEventRow = Selectable<CustomEventsTable>;
