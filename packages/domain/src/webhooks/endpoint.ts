import { z } from "zod";
import { Pagination } from "../pagination.js";

/** A name an endpoint subscribes to: `message.created`, every event of a resource (`message.*`), or `*`. */
export const EventTypeName = z
  .string()
  .trim()
  .max(128)
  .regex(
    /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/,
    "must be an event name such as message.created, message.* or *",
  );

/** Whippy's Activepieces piece sends `active` as a boolean; its polling triggers send "true"/"false". */
const Flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]);

export const DeveloperApplication = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type DeveloperApplication = z.infer<typeof DeveloperApplication>;

export const CreateDeveloperApplication = z.strictObject({
  name: z.string().trim().min(1).max(255),
  description: z.string().max(1000).nullable().optional(),
  active: Flag.default(true),
});
export type CreateDeveloperApplication = z.infer<typeof CreateDeveloperApplication>;

export const UpdateDeveloperApplication = z.strictObject({
  name: z.string().trim().min(1).max(255).optional(),
  description: z.string().max(1000).nullable().optional(),
  active: Flag.optional(),
});
export type UpdateDeveloperApplication = z.infer<typeof UpdateDeveloperApplication>;

export const DeveloperEndpoint = z.object({
  id: z.uuid(),
  developer_application_id: z.uuid(),
  url: z.string(),
  /** Always POST: what Whippy's endpoints show. */
  method: z.literal("POST"),
  event_types: z.array(z.string()),
  active: z.boolean(),
  description: z.string().nullable(),
  /** Why the platform disabled it (410 Gone, failing for 5 days); null while enabled by its owner. */
  disabled_reason: z.string().nullable(),
  disabled_at: z.string().nullable(),
  /** Until when the secret before the last rotation still signs deliveries. */
  previous_secret_expires_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Only in the answers that create the endpoint or rotate its secret: shown once. */
  signing_secret: z.string().optional(),
});
export type DeveloperEndpoint = z.infer<typeof DeveloperEndpoint>;

const endpointFields = {
  developer_application_id: z.uuid(),
  url: z.string().trim().min(1).max(2048),
  event_types: z.array(EventTypeName).min(1).max(100),
  active: Flag,
  description: z.string().max(1000).nullable(),
};

/**
 * `POST /developers/endpoints`, as Whippy's Activepieces piece sends it: not strict, because the
 * piece adds fields of its own (`target`). Without `developer_application_id`, the organization's
 * default application.
 */
export const CreateDeveloperEndpoint = z.object({
  ...endpointFields,
  developer_application_id: endpointFields.developer_application_id.optional(),
  active: Flag.default(true),
  description: endpointFields.description.optional(),
});
export type CreateDeveloperEndpoint = z.infer<typeof CreateDeveloperEndpoint>;

export const UpdateDeveloperEndpoint = z.object({
  developer_application_id: endpointFields.developer_application_id.optional(),
  url: endpointFields.url.optional(),
  event_types: endpointFields.event_types.optional(),
  active: Flag.optional(),
  description: endpointFields.description.optional(),
});
export type UpdateDeveloperEndpoint = z.infer<typeof UpdateDeveloperEndpoint>;

export const ListEndpointsQuery = Pagination.extend({ developer_application_id: z.uuid().optional() });
export type ListEndpointsQuery = z.infer<typeof ListEndpointsQuery>;

export const WebhookDeliveryStatus = z.enum(["pending", "succeeded", "failed", "canceled"]);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One event for one endpoint: its attempts so far and the last one's outcome. */
export const WebhookDelivery = z.object({
  id: z.uuid(),
  endpoint_id: z.uuid(),
  /** The event's id: the `webhook-id` and `request_id` every attempt carries. */
  event_id: z.uuid(),
  event: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  response_code: z.number().int().nullable(),
  latency_ms: z.number().int().nullable(),
  /** The first 1 KiB of the last answer's body. */
  response_body: z.string().nullable(),
  /** Why the last attempt failed without an answer (refused address, timeout, connection error). */
  error: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  last_attempt_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
  created_at: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const ListDeliveriesQuery = Pagination.extend({
  status: WebhookDeliveryStatus.optional(),
  event: z.string().max(128).optional(),
});
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuery>;

/** `POST /developers/endpoints/{id}/replay`: every subscribed event since a time (until another) again. */
export const ReplayEndpoint = z.strictObject({
  since: z.iso.datetime({ offset: true }),
  until: z.iso.datetime({ offset: true }).optional(),
});
export type ReplayEndpoint = z.infer<typeof ReplayEndpoint>;

export const ReplayResult = z.object({ message: z.string(), replayed: z.number().int() });
export type ReplayResult = z.infer<typeof ReplayResult>;
