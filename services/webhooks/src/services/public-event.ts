import { createHash } from "node:crypto";
import { type EventEnvelope, PUBLIC_EVENTS, type PublicEventRule } from "@relay/domain";

/** A public event as stored and sent: `body` is what every attempt posts and signs. */
export interface PublicEvent {
  id: string;
  organization_id: string;
  type: string;
  resource_key: string;
  body: string;
  occurred_at: string;
}

const RULES = new Map<string, PublicEventRule[]>();
for (const rule of PUBLIC_EVENTS)
  RULES.set(rule.source.subject, [...(RULES.get(rule.source.subject) ?? []), rule]);

/** The streams public events come from (`core`, `conversations`, …). */
export const SOURCE_STREAMS = [
  ...new Set(PUBLIC_EVENTS.map((rule) => rule.source.subject.split(".")[0] ?? "")),
];

/** The id of `name` made from internal event `id`: stable, so an event consumed twice is stored once. */
export function publicEventId(id: string, name: string): string {
  const hex = createHash("sha256").update(`${id}:${name}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The JSON an endpoint receives: Whippy's `{data, event, request_id}`, plus `organization_id` and `timestamp`. */
export function publicBody(
  name: string,
  requestId: string,
  organizationId: string,
  timestamp: string,
  data: unknown,
) {
  return JSON.stringify({
    data,
    event: name,
    request_id: requestId,
    organization_id: organizationId,
    timestamp,
  });
}

/**
 * The public events an internal event is, per the table in the domain: its data checked with the
 * producer's schema, then shown as the public object (fields only services read are dropped).
 */
export function toPublicEvents(envelope: EventEnvelope): PublicEvent[] {
  const rules = RULES.get(envelope.type);
  if (!rules) return [];
  const events: PublicEvent[] = [];
  for (const rule of rules) {
    const internal = rule.source.data.parse(envelope.data) as Record<string, unknown>;
    if (rule.when && internal[rule.when.field] !== rule.when.equals) continue;
    const data = rule.data.parse(internal) as Record<string, unknown>;
    const id = publicEventId(envelope.id, rule.name);
    events.push({
      id,
      organization_id: envelope.organization_id,
      type: rule.name,
      resource_key: `${rule.name.split(".")[0]}:${rule.resource.map((field) => String(data[field])).join(":")}`,
      body: publicBody(rule.name, id, envelope.organization_id, envelope.occurred_at, data),
      occurred_at: envelope.occurred_at,
    });
  }
  return events;
}
