import type { CustomEvent, DeveloperApplication, DeveloperEndpoint, WebhookDelivery } from "@relay/domain";
import type { ApplicationRow, CustomEventRow, DeliveryRow, EndpointRow } from "../db/schema.js";

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toApplication(row: ApplicationRow): DeveloperApplication {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    active: row.active,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The endpoint as the API shows it; its plain secret only when given (creation, rotation). */
export function toEndpoint(row: EndpointRow, signingSecret?: string): DeveloperEndpoint {
  return {
    id: row.id,
    developer_application_id: row.application_id,
    url: row.url,
    method: "POST",
    event_types: row.event_types,
    active: row.active,
    description: row.description,
    disabled_reason: row.disabled_reason,
    disabled_at: iso(row.disabled_at),
    previous_secret_expires_at: iso(row.previous_secret_expires_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    ...(signingSecret !== undefined ? { signing_secret: signingSecret } : {}),
  };
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpoint_id: row.endpoint_id,
    event_id: row.event_id,
    event: row.event_type,
    status: row.status as WebhookDelivery["status"],
    attempts: row.attempts,
    response_code: row.response_code,
    latency_ms: row.latency_ms,
    response_body: row.response_body,
    error: row.error,
    next_attempt_at: iso(row.next_attempt_at),
    last_attempt_at: iso(row.last_attempt_at),
    delivered_at: iso(row.delivered_at),
    created_at: row.created_at.toISOString(),
  };
}

export function toCustomEvent(row: CustomEventRow): CustomEvent {
  return {
    id: row.id,
    event: row.event,
    external_id: row.external_id,
    timestamp: row.timestamp.toISOString(),
    payload: row.payload,
    associated_resources: row.associated_resources,
    created_at: row.created_at.toISOString(),
  };
}
