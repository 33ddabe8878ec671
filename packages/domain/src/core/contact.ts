import { z } from "zod";
import { defineEvent } from "../events.js";
import { freeFormObject, PROPERTIES_LIMITS } from "../free-form.js";
import { Limit, Offset, Pagination } from "../pagination.js";
import { defineRequest } from "../requests.js";
import { ContactTag, MAX_CONTACT_TAGS } from "./tag.js";

/** Most rows one `PUT /contacts/upsert` accepts. */
export const MAX_UPSERT_CONTACTS = 1000;

export const ContactState = z.enum(["open", "archived", "blocked"]);
export type ContactState = z.infer<typeof ContactState>;

const line = z.string().trim().max(255);
const addressShape = {
  address_line_one: line.optional(),
  address_line_two: line.optional(),
  city: line.optional(),
  state: line.optional(),
  country: line.optional(),
  postal_code: z.string().trim().max(32).optional(),
};
export const Address = z.object(addressShape);
export type Address = z.infer<typeof Address>;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const birthDateShape = {
  day: z.number().int().min(1).max(31).optional(),
  month: z.number().int().min(1).max(12).optional(),
  year: z.number().int().min(1800).max(9999).optional(),
};
export const BirthDate = z.object(birthDateShape);
export type BirthDate = z.infer<typeof BirthDate>;

/** The public contact (contract `Contact`). Unset fields are omitted: the contract types them as non-null. */
export const Contact = z.object({
  id: z.uuid(),
  phone: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
  external_id: z.string().optional(),
  address: Address.optional(),
  birth_date: BirthDate.optional(),
  language: z.string().optional(),
  default_channel_id: z.uuid().optional(),
  properties: z.record(z.string(), z.unknown()),
  /** Our extension: free-form labels. */
  tags: z.array(z.string()),
  /** Whippy's tag objects for `tags`, in public answers and events (not in internal lookups). */
  contact_tags: z.array(ContactTag).optional(),
  state: ContactState,
  blocked: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Contact = z.infer<typeof Contact>;

/** Contract `OptInChannel`: a channel named by id or by its phone number. */
export const OptInChannel = z
  .strictObject({ id: z.uuid().optional(), phone: z.string().trim().min(1).max(64).optional() })
  .refine((c) => c.id !== undefined || c.phone !== undefined, {
    message: "id or phone is required",
    path: ["id"],
  });
export type OptInChannel = z.infer<typeof OptInChannel>;

/**
 * The writable fields. `null` clears a field on update (and means "not given" on create);
 * `properties` is merged key by key, a `null` property value removing that key.
 */
const writable = {
  phone: z.string().trim().min(1, "must be a phone number").max(64).nullish(),
  email: z.string().trim().max(320).pipe(z.email("must be a valid email address")).nullish(),
  name: z.string().trim().max(255).nullish(),
  external_id: z.string().trim().min(1).max(255).nullish(),
  address: z.strictObject(addressShape).nullish(),
  birth_date: z
    .strictObject(birthDateShape)
    .refine(
      (d) => d.day === undefined || d.month === undefined || d.day <= (DAYS_IN_MONTH[d.month - 1] ?? 31),
      {
        message: "is not a day of that month",
        path: ["day"],
      },
    )
    .nullish(),
  language: z.string().trim().min(2).max(35).nullish(),
  default_channel_id: z.uuid().nullish(),
  properties: freeFormObject(PROPERTIES_LIMITS, z.string().min(1).max(100)).nullish(),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).nullish(),
  /** Handed to the consent owner (conversations) through the contact's event. */
  opt_in_to: z.array(OptInChannel).max(100).optional(),
  opt_in_to_all_channels: z.boolean().optional(),
};

const absent = (value: unknown) => value === undefined || value === null;

/** Contract `CreateContactRequest`, except that phone OR email is required (email-only contacts exist). */
export const CreateContact = z.strictObject(writable).superRefine((c, ctx) => {
  if (absent(c.phone) && absent(c.email))
    ctx.addIssue({ code: "custom", path: ["phone"], message: "phone or email is required" });
});
export type CreateContact = z.infer<typeof CreateContact>;

/** `PUT /contacts/{id}`: any subset of the fields; `state`/`blocked` are our extension. */
export const UpdateContact = z.strictObject({
  ...writable,
  state: ContactState.optional(),
  blocked: z.boolean().optional(),
});
export type UpdateContact = z.infer<typeof UpdateContact>;

/** One upsert row: keyed on external_id, phone or email, so one of them is required. */
export const UpsertContactRow = z.strictObject(writable).superRefine((c, ctx) => {
  if (absent(c.phone) && absent(c.email) && absent(c.external_id)) {
    ctx.addIssue({ code: "custom", path: ["phone"], message: "phone, email or external_id is required" });
  }
});
export type UpsertContactRow = z.infer<typeof UpsertContactRow>;

/** Rows are validated one at a time (`UpsertContactRow`) so one bad row does not fail the others. */
export const UpsertContacts = z.strictObject({
  contacts: z.array(z.unknown()).min(1).max(MAX_UPSERT_CONTACTS),
});
export type UpsertContacts = z.infer<typeof UpsertContacts>;

export const UpsertStatus = z.enum(["created", "updated", "unchanged", "conflict", "invalid"]);
export type UpsertStatus = z.infer<typeof UpsertStatus>;

export const UpsertOutcome = z.object({
  index: z.number().int(),
  status: UpsertStatus,
  id: z.uuid().optional(),
  error: z.string().optional(),
  details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type UpsertOutcome = z.infer<typeof UpsertOutcome>;

/** The `data` of the 202 answer (contract `AcceptedResponse` plus the per-row outcomes). */
export const UpsertContactsResult = z.object({
  message: z.string(),
  results: z.array(UpsertOutcome),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  conflicts: z.number().int(),
  invalid: z.number().int(),
});
export type UpsertContactsResult = z.infer<typeof UpsertContactsResult>;

/** `POST /contacts/search`: every given filter must match; `name` is a case-insensitive substring. */
/** A query value given once (`tag=a`) or repeated (`tag=a&tag=b`, `tags[]=a`): always a list. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === "string" ? [value] : value), z.array(item).max(MAX_CONTACT_TAGS));

/** `GET /contacts`: pages, and (our extension) contacts carrying any of the tags, by name or id. */
export const ContactListQuery = Pagination.extend({
  tags: oneOrMany(z.string().trim().min(1).max(100)).optional(),
  tag: oneOrMany(z.string().trim().min(1).max(100)).optional(),
  tag_ids: oneOrMany(z.uuid()).optional(),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export const SearchContacts = z.strictObject({
  phone: z.string().trim().min(1).max(64).optional(),
  email: z.string().trim().min(1).max(320).optional(),
  name: z.string().trim().min(1).max(255).optional(),
  external_id: z.string().trim().min(1).max(255).optional(),
  limit: Limit,
  offset: Offset,
});
export type SearchContacts = z.infer<typeof SearchContacts>;

export const DeletedContact = z.object({ id: z.uuid(), deleted: z.literal(true) });
export type DeletedContact = z.infer<typeof DeletedContact>;

/** An opt-in request resolved to one of the organization's channels. */
export const OptInTarget = z.object({ id: z.uuid(), phone: z.string().optional() });
export type OptInTarget = z.infer<typeof OptInTarget>;

/** Event data: the contact, plus the opt-ins the client asked for (for the consent owner to apply) and the tags it gained. */
export const ContactChange = Contact.extend({
  opt_in_to: z.array(OptInTarget).optional(),
  opt_in_to_all_channels: z.boolean().optional(),
  /** The tag names this change put on the contact (all of them when it was created): what triggers read. */
  tags_added: z.array(z.string()).optional(),
});
export type ContactChange = z.infer<typeof ContactChange>;

export const ContactCreated = defineEvent("core.contact.created", ContactChange);
export const ContactUpdated = defineEvent("core.contact.updated", ContactChange);
export const ContactDeleted = defineEvent("core.contact.deleted", z.object({ id: z.uuid() }));

/**
 * A contact changed by a service on its behalf (a sequence's tag or collect step): fields as
 * `PUT /contacts/{id}` takes them, tags added and taken off by name (a new name creates the
 * tag). Each part is idempotent, so a retried request changes nothing more.
 */
export const ChangeContactRequest = defineRequest(
  "rpc.core.contact.change",
  z.strictObject({
    organization_id: z.uuid(),
    contact_id: z.uuid(),
    update: z
      .strictObject({ ...writable })
      .partial()
      .optional(),
    add_tags: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    remove_tags: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  }),
  z.object({ contact: Contact }),
);

/** Like `rpc.core.contact.resolve`, but never creates: the contact with this phone or email, or null. */
export const FindContact = defineRequest(
  "rpc.core.contact.find",
  z
    .strictObject({
      organization_id: z.uuid(),
      phone: z.string().trim().min(1).max(64).optional(),
      email: z.string().trim().max(320).optional(),
    })
    .refine((r) => r.phone !== undefined || r.email !== undefined, {
      message: "phone or email is required",
      path: ["phone"],
    }),
  z.object({ contact: Contact.nullable() }),
);

/**
 * Finds the organization's contact by phone (normalized to E.164), else by email
 * (case-insensitive), and creates it when there is none. For send/receive flows.
 */
export const ResolveContact = defineRequest(
  "rpc.core.contact.resolve",
  z
    .strictObject({
      organization_id: z.uuid(),
      phone: z.string().trim().min(1).max(64).optional(),
      email: z.string().trim().max(320).pipe(z.email("must be a valid email address")).optional(),
      name: z.string().trim().max(255).optional(),
    })
    .refine((r) => r.phone !== undefined || r.email !== undefined, {
      message: "phone or email is required",
      path: ["phone"],
    }),
  Contact,
);
