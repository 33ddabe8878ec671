import { z } from "zod";
import { defineEvent } from "../events.js";
import { Pagination } from "../pagination.js";

export const MAX_BULK_CUSTOM_EVENTS = 100;

export const AssociatedResource = z.strictObject({
  resource: z.enum(["campaign", "contact", "conversation", "message", "sequence"]),
  id: z.uuid(),
});
export type AssociatedResource = z.infer<typeof AssociatedResource>;

/** The contract's `CustomEventRequest`. */
export const CustomEventRequest = z.strictObject({
  event: z.string().trim().min(1).max(255),
  /** Deduplicates: a second event with the same external_id is the first one. */
  external_id: z.string().trim().min(1).max(255).optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  associated_resources: z.array(AssociatedResource).max(50).optional(),
});
export type CustomEventRequest = z.infer<typeof CustomEventRequest>;

export const BulkCustomEvents = z.strictObject({
  events: z.array(CustomEventRequest).min(1).max(MAX_BULK_CUSTOM_EVENTS),
});
export type BulkCustomEvents = z.infer<typeof BulkCustomEvents>;

/** A stored custom event: the contract's response `{id, event, created_at}` and everything it carried. */
export const CustomEvent = z.object({
  id: z.uuid(),
  event: z.string(),
  external_id: z.string().nullable(),
  timestamp: z.string(),
  payload: z.record(z.string(), z.unknown()),
  associated_resources: z.array(AssociatedResource),
  created_at: z.string(),
});
export type CustomEvent = z.infer<typeof CustomEvent>;

export const ListContactEventsQuery = Pagination;
export type ListContactEventsQuery = z.infer<typeof ListContactEventsQuery>;

export const CustomEventCreated = defineEvent("webhooks.custom_event.created", CustomEvent);
