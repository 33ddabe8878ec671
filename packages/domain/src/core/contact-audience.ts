import { z } from "zod";
import { defineRequest } from "../requests.js";
import { UpsertContactsResult } from "./contact.js";

/** Most contacts one audience page carries (fewer when their properties are large). */
export const MAX_AUDIENCE_PAGE = 500;
/** A page stops growing once its contacts pass this many bytes of JSON: replies stay far below NATS's 1 MiB. */
export const AUDIENCE_PAGE_BYTES = 512 * 1024;

/**
 * Who a campaign is for: every filter given must match (ids among `contact_ids`, any of the tags
 * `tags` names or `tag_ids` identifies, each of `properties` equal). No filter at all matches
 * nobody, never the whole organization; a tag id of no tag of the organization matches nobody.
 */
export const AudienceFilter = z.strictObject({
  contact_ids: z.array(z.uuid()).max(10_000).optional(),
  tags: z.array(z.string().trim().min(1).max(255)).max(50).optional(),
  tag_ids: z.array(z.uuid()).max(50).optional(),
  properties: z
    .record(
      z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "must be 1–64 letters, digits or underscores"),
      z.union([z.string().max(1000), z.number(), z.boolean()]),
    )
    .optional(),
});
export type AudienceFilter = z.infer<typeof AudienceFilter>;

/** A contact as an audience page carries it: addresses, name, and only the properties asked for. */
export const AudienceContact = z.object({
  id: z.uuid(),
  name: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  external_id: z.string().optional(),
  properties: z.record(z.string(), z.unknown()),
});
export type AudienceContact = z.infer<typeof AudienceContact>;

/**
 * One page of the contacts matching a filter, in id order after `after` (keyset paging, so a
 * million-contact audience is read page by page and never held whole). `next` is the cursor
 * of the following page, null at the end.
 */
export const ContactAudiencePage = defineRequest(
  "rpc.core.contact.audience_page",
  z.strictObject({
    organization_id: z.uuid(),
    filter: AudienceFilter,
    after: z.uuid().optional(),
    limit: z.number().int().min(1).max(MAX_AUDIENCE_PAGE),
    /** The properties to carry (the ones a template reads); others stay in core. */
    property_keys: z.array(z.string().max(64)).max(64),
  }),
  z.object({ contacts: z.array(AudienceContact), next: z.uuid().nullable() }),
);

/** `PUT /v1/contacts/upsert` for another service (a campaign's inline contacts), rows as that route takes them. */
export const UpsertContactsRequest = defineRequest(
  "rpc.core.contact.upsert_many",
  z.strictObject({ organization_id: z.uuid(), contacts: z.array(z.unknown()).min(1).max(1000) }),
  UpsertContactsResult,
);
