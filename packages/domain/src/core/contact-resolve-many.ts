import { z } from "zod";
import { ErrorCode } from "../errors.js";
import { defineRequest } from "../requests.js";
import { Contact } from "./contact.js";

/** Most items one `rpc.core.contact.resolve_many` request takes. */
export const MAX_RESOLVE_MANY = 1000;
/**
 * Most items a requester puts in one request: at the fields' maximum lengths 250 items stay
 * under 200 KiB each way, well below NATS's 1 MiB; larger sets are split.
 */
export const RESOLVE_MANY_SLICE = 250;

/** One contact to find or create: by phone (normalized to E.164), else by email, as `ResolveContact`. */
export const ResolveManyItem = z
  .strictObject({
    phone: z.string().trim().min(1).max(64).optional(),
    email: z.string().trim().max(320).pipe(z.email("must be a valid email address")).optional(),
    name: z.string().trim().max(255).optional(),
  })
  .refine((r) => r.phone !== undefined || r.email !== undefined, {
    message: "phone or email is required",
    path: ["phone"],
  });
export type ResolveManyItem = z.infer<typeof ResolveManyItem>;

/**
 * A contact as a resolve answers it: who they are and how to reach them. Not the whole contact:
 * `properties` may reach 64 KiB each, which 250 answers would carry past the bus's limit.
 */
export const ResolvedContact = Contact.pick({
  id: true,
  phone: true,
  email: true,
  name: true,
  updated_at: true,
});
export type ResolvedContact = z.infer<typeof ResolvedContact>;

/** Each item's answer, in the order of the items: the contact, or why it has none (an impossible phone). */
export const ResolveManyResult = z.union([
  z.object({ contact: ResolvedContact }),
  z.object({
    error: z.object({
      code: z.enum(Object.keys(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  }),
]);
export type ResolveManyResult = z.infer<typeof ResolveManyResult>;

/**
 * `ResolveContact` for many at once (bulk sends): finds each item's contact (one query) and
 * creates the missing ones (one insert, one outbox write for their `core.contact.created`). An
 * item that cannot be a contact answers an error and does not stop the others.
 */
export const ResolveContacts = defineRequest(
  "rpc.core.contact.resolve_many",
  z.strictObject({
    organization_id: z.uuid(),
    items: z.array(ResolveManyItem).min(1).max(MAX_RESOLVE_MANY),
  }),
  z.object({ results: z.array(ResolveManyResult) }),
);
export type ResolveContactsRequest = z.input<typeof ResolveContacts.request>;
