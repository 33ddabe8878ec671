import { z } from "zod";
import { defineEvent } from "../events.js";
import { defineRequest } from "../requests.js";

/** Most tags one contact carries (as `tags` on a contact write). */
export const MAX_CONTACT_TAGS = 100;

export const TagState = z.enum(["active", "archived"]);
export type TagState = z.infer<typeof TagState>;

/** A tag's name as contacts carry it: trimmed, inner whitespace collapsed, 1–100 characters. */
export const TagName = z
  .string()
  .transform((name) => name.replace(/\s+/g, " ").trim())
  .pipe(z.string().min(1, "must not be empty").max(100));

/** `#rrggbb`, as Whippy's clients check it. */
export const TagColor = z
  .string()
  .trim()
  .regex(/^#[0-9A-Fa-f]{6}$/, "must be a hex color like #1f8a70");

/** Whippy's `Tag`: an organization's label with a color; contacts carry tags by name. */
export const Tag = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  name: z.string(),
  color: z.string(),
  type: z.string(),
  state: TagState,
  system_created: z.boolean(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type Tag = z.infer<typeof Tag>;

/** Whippy's `ContactTag`: one tag on one contact, with the tag itself. */
export const ContactTag = z.object({
  id: z.uuid(),
  contact_id: z.uuid(),
  tag_id: z.uuid(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  tag: Tag,
});
export type ContactTag = z.infer<typeof ContactTag>;

export const CreateTag = z.strictObject({
  name: TagName,
  color: TagColor.optional(),
  type: z.string().trim().min(1).max(50).optional(),
});
export type CreateTag = z.infer<typeof CreateTag>;

/** Renaming a tag renames it on every contact that carries it. */
export const UpdateTag = z.strictObject({
  name: TagName.optional(),
  color: TagColor.optional(),
  type: z.string().trim().min(1).max(50).optional(),
  state: TagState.optional(),
});
export type UpdateTag = z.infer<typeof UpdateTag>;

/**
 * `GET /tags` filters: `search` (in the name), `state`, and `system` as Whippy's piece sends it
 * (`system` / `non system`, or `true` / `false`).
 */
export const TagFilters = z.object({
  search: z.string().trim().max(100).optional(),
  state: TagState.optional(),
  system: z
    .enum(["system", "non system", "true", "false"])
    .transform((value) => value === "system" || value === "true")
    .optional(),
});
export type TagFilters = z.infer<typeof TagFilters>;

/** `POST /contacts/{id}/tags`: tags named by id or by name (created when new). */
export const AddContactTags = z
  .strictObject({
    tag_id: z.uuid().optional(),
    name: TagName.optional(),
    tag_ids: z.array(z.uuid()).max(MAX_CONTACT_TAGS).optional(),
    names: z.array(TagName).max(MAX_CONTACT_TAGS).optional(),
  })
  .refine((b) => b.tag_id ?? b.name ?? b.tag_ids?.length ?? b.names?.length, {
    message: "tag_id, name, tag_ids or names is required",
    path: ["tag_id"],
  });
export type AddContactTags = z.infer<typeof AddContactTags>;

export const TagCreated = defineEvent("core.tag.created", Tag);
/** `previous_name` when the tag was renamed: projections holding names rename theirs. */
export const TagUpdated = defineEvent(
  "core.tag.updated",
  Tag.extend({ previous_name: z.string().optional() }),
);
/** A deleted tag is gone from every contact; `name` lets projections drop it. */
export const TagDeleted = defineEvent("core.tag.deleted", z.object({ id: z.uuid(), name: z.string() }));

/** Most ids one `rpc.core.tag.find_many` request names (a sequence has at most 20 triggers). */
export const MAX_FIND_TAGS = 100;

/**
 * For services that name tags by id (sequences' `tag_added` triggers, checked on save): the
 * organization's tags among `ids`; an id of another organization's tag, or of none, is left out.
 */
export const FindTags = defineRequest(
  "rpc.core.tag.find_many",
  z.object({ organization_id: z.uuid(), ids: z.array(z.uuid()).min(1).max(MAX_FIND_TAGS) }),
  z.object({ tags: z.array(Tag) }),
);
