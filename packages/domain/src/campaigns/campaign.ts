import { z } from "zod";
import { AudienceFilter } from "../core/contact-audience.js";
import { defineEvent } from "../events.js";
import { AttachmentUrl } from "../messaging/delivery.js";
import { MAX_EMAIL_BODY } from "../messaging/email-message.js";
import { MAX_ATTACHMENTS, MAX_SMS_BODY } from "../messaging/message.js";
import { WhatsAppTemplate } from "../messaging/whatsapp.js";
import { oneOrMany, Pagination } from "../pagination.js";

export const CampaignStatus = z.enum(["draft", "scheduled", "sending", "paused", "completed", "cancelled"]);
export type CampaignStatus = z.infer<typeof CampaignStatus>;

/** The message type a campaign sends, as the bulk path names it. */
export const CampaignType = z.enum(["sms", "email", "whatsapp"]);
export type CampaignType = z.infer<typeof CampaignType>;

/** A sending window in local wall-clock time, start included, end excluded. */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24-hour)");
export const QuietHoursWindow = z
  .strictObject({ start: ClockTime, end: ClockTime })
  .refine((w) => w.start < w.end, { message: "start must be before end", path: ["start"] });
export type QuietHoursWindow = z.infer<typeof QuietHoursWindow>;
export const DEFAULT_SENDING_WINDOW: QuietHoursWindow = { start: "08:00", end: "21:00" };

/** Most inline contacts one campaign request carries (more: import them, then name a tag). */
export const MAX_INLINE_CONTACTS = 10_000;

/** Who is left out although the audience names them: recent campaign recipients, recent repliers. */
export const AudienceExclusions = z.strictObject({
  /** Contacts sent another campaign of the organization within this many days. */
  campaigns_within_days: z.number().int().min(1).max(365).optional(),
  /** Contacts who sent the organization any message within this many hours. */
  replied_within_hours: z.number().int().min(1).max(720).optional(),
});
export type AudienceExclusions = z.infer<typeof AudienceExclusions>;

/** Who receives it: contacts by id, tag or property value (all given filters must match), and/or inline contacts upserted first. */
export const CampaignAudience = AudienceFilter.extend({
  contacts: z.array(z.unknown()).max(MAX_INLINE_CONTACTS).optional(),
  exclude: AudienceExclusions.optional(),
});
export type CampaignAudience = z.infer<typeof CampaignAudience>;

const Title = z.string().trim().min(1).max(255);
const FutureTime = z.iso.datetime({ offset: true });

/** The message and how it goes out; `body` is a template (`{{contact.first_name | default: "there"}}`). */
const CampaignMessage = {
  type: CampaignType.default("sms"),
  /** The channel's address: its phone number, email address or WhatsApp number. */
  from: z.string().trim().min(1).max(320).optional(),
  channel_id: z.uuid().optional(),
  body: z.string().max(MAX_EMAIL_BODY).optional(),
  subject: z.string().max(998).optional(),
  attachments: z.array(AttachmentUrl).max(MAX_ATTACHMENTS).optional(),
  template: WhatsAppTemplate.optional(),
  schedule_at: FutureTime.optional(),
  sending_window: QuietHoursWindow.optional(),
  /** Replies and opt-outs this long after a recipient's message count for the campaign. */
  attribution_window_hours: z.number().int().min(1).max(720).optional(),
  /** Links in the body rewritten per recipient to `PUBLIC_BASE_URL/l/{code}`, clicks counted (default true). */
  track_links: z.boolean().optional(),
};

/**
 * `POST /v1/campaigns` (extension): a draft on any channel; without `from` or `channel_id`, the
 * organization's oldest channel of the type.
 */
export const CreateCampaign = z
  .strictObject({ title: Title, ...CampaignMessage, audience: CampaignAudience })
  .superRefine(requireMessageFields);
export type CreateCampaign = z.infer<typeof CreateCampaign>;

/** Whippy's MCP client creates `{name, message, contact_ids, scheduled_at}`: read as title, body, audience, schedule. */
function whippyDraftAliases(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const draft: Record<string, unknown> = { ...input };
  // An alias is read only where its field is absent; given both, it stays and is refused as unknown.
  const alias = (from: string, to: string, wrap: (v: unknown) => unknown = (v) => v) => {
    if (draft[from] === undefined || draft[to] !== undefined) return;
    if (draft[from] !== null) draft[to] = wrap(draft[from]);
    delete draft[from];
  };
  alias("name", "title");
  alias("message", "body");
  alias("scheduled_at", "schedule_at");
  alias("contact_ids", "audience", (ids) => ({ contact_ids: ids }));
  return draft;
}

/** What `POST /v1/campaigns` reads: `CreateCampaign`, or the MCP client's names for its fields. */
export const CreateCampaignRequest = z.preprocess(whippyDraftAliases, CreateCampaign);

/** `PUT /v1/campaigns/{id}` while a draft: any field of the create, the rest kept. */
export const UpdateCampaign = z.strictObject({
  title: Title.optional(),
  ...CampaignMessage,
  type: CampaignType.optional(),
  audience: CampaignAudience.optional(),
});
export type UpdateCampaign = z.infer<typeof UpdateCampaign>;

/** A draft's message after an edit (the stored fields with the edit's over them): the create's cross-field rules. */
export const CampaignMessageFields = z.object(CampaignMessage).superRefine(requireMessageFields);

/** `POST /v1/campaigns/{id}/duplicate`: a new draft like it, under this title or "<title> (copy)". */
export const DuplicateCampaign = z.strictObject({ title: Title.optional() });
export type DuplicateCampaign = z.infer<typeof DuplicateCampaign>;

/**
 * Contract `SendCampaignRequest` (`POST /v1/messaging/sms/campaign`): created and sent at once.
 * Our extension: `template_id` (a saved message template) instead of `body`.
 */
export const SendSmsCampaign = z
  .strictObject({
    from: z.string().trim().min(1).max(64),
    title: Title.optional(),
    body: z.string().min(1).max(MAX_SMS_BODY).optional(),
    template_id: z.uuid().optional(),
    attachments: z.array(AttachmentUrl).max(MAX_ATTACHMENTS).optional(),
    schedule_at: FutureTime.optional(),
    contacts: z.array(z.unknown()).min(1).max(MAX_INLINE_CONTACTS),
  })
  .refine((r) => (r.body === undefined) !== (r.template_id === undefined), {
    message: "exactly one of body or template_id is required",
    path: ["body"],
  });
export type SendSmsCampaign = z.infer<typeof SendSmsCampaign>;

/** One of `POST /v1/campaigns/sms`'s `to`: a phone number (or several, comma-separated), or a contact row. */
const SmsCampaignRecipient = z.union([z.string().max(100_000), z.record(z.string(), z.unknown())]);

/**
 * `POST /v1/campaigns/sms`, as Whippy's own clients send it (its Activepieces piece): the contract
 * request with the contacts in `to` (rows with `first_name`, `last_name`, `custom_a…c`, or
 * phone numbers), `exclude.lastCampaign` in days; `null`s and nested lists as that client
 * writes them are read as absent and flattened. Fields it sends that we do not act on
 * (`automation_templates`, `custom_data`, `exclude.openConversation`) are accepted and ignored.
 */
export const SendSmsCampaignTo = z.object({
  from: z.string().trim().min(1).max(64),
  title: Title.optional(),
  body: z.string().min(1).max(MAX_SMS_BODY),
  attachments: z
    .array(z.union([AttachmentUrl, z.array(AttachmentUrl), z.null()]))
    .max(MAX_ATTACHMENTS)
    .transform((list) => list.flat().filter((url): url is string => typeof url === "string"))
    .nullish(),
  schedule_at: FutureTime.nullish(),
  to: z.array(SmsCampaignRecipient).min(1).max(MAX_INLINE_CONTACTS),
  exclude: z
    .object({
      lastCampaign: z.number().int().min(1).max(365).nullish(),
      openConversation: z.boolean().nullish(),
    })
    .nullish(),
  automation_templates: z.unknown().optional(),
  custom_data: z.unknown().optional(),
});
export type SendSmsCampaignTo = z.infer<typeof SendSmsCampaignTo>;

/** `GET /v1/campaigns/{id}/analytics` (Whippy's MCP client): the campaign's outcome as rates. */
export const CampaignAnalytics = z.object({
  campaign_id: z.uuid(),
  messages_sent: z.int(),
  messages_delivered: z.int(),
  messages_failed: z.int(),
  responses: z.int(),
  link_clicks: z.int(),
  unsubscribes: z.int(),
  /** Of the messages delivered: who replied, who clicked (0 to 1, 4 decimals). */
  response_rate: z.number(),
  click_rate: z.number(),
  unsubscribe_rate: z.number(),
});
export type CampaignAnalytics = z.infer<typeof CampaignAnalytics>;

/** The channel, and the fields each type needs: a body (or attachments), an email subject, a WhatsApp body or template. */
function requireMessageFields(c: z.infer<z.ZodObject<typeof CampaignMessage>>, ctx: z.RefinementCtx) {
  if (c.from !== undefined && c.channel_id !== undefined) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "give from or channel_id, not both" });
  }
  if (c.type === "whatsapp") {
    if ((c.body === undefined) === (c.template === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["body"],
        message: "exactly one of body or template is required",
      });
    return;
  }
  if (c.template !== undefined)
    ctx.addIssue({ code: "custom", path: ["template"], message: "only WhatsApp campaigns take a template" });
  if (c.type === "sms" && c.body !== undefined && c.body.length > MAX_SMS_BODY)
    ctx.addIssue({ code: "custom", path: ["body"], message: `must be at most ${MAX_SMS_BODY} characters` });
  if (!c.body && !c.attachments?.length)
    ctx.addIssue({ code: "custom", path: ["body"], message: "body or attachments is required" });
  if (c.type === "email" && !c.subject)
    ctx.addIssue({ code: "custom", path: ["subject"], message: "is required for an email campaign" });
}

/** Contract `Campaign`, plus our fields. */
export const Campaign = z.object({
  campaign_id: z.uuid(),
  campaign_title: z.string(),
  sent_messages: z.int(),
  slated_messages: z.int(),
  failed_deliveries: z.int(),
  responses: z.int(),
  link_clicks: z.int(),
  unsubscribes: z.int(),
  id: z.uuid(),
  title: z.string(),
  status: CampaignStatus,
  type: CampaignType,
  channel_id: z.uuid(),
  from: z.string(),
  body: z.string().optional(),
  subject: z.string().optional(),
  attachments: z.array(z.string()),
  template: WhatsAppTemplate.optional(),
  audience: AudienceFilter.extend({ contacts: z.int().optional(), exclude: AudienceExclusions.optional() }),
  schedule_at: z.string().optional(),
  sending_window: QuietHoursWindow,
  attribution_window_hours: z.int(),
  track_links: z.boolean(),
  /** Recipients by state: pending, queued, sent, delivered, failed, skipped. */
  recipients: z.record(z.string(), z.int()),
  /** Skipped recipients by reason (opted_out, no_address, missing_variable, …). */
  skipped: z.record(z.string(), z.int()),
  /** Whether every recipient of the audience has been stored (a large audience is read page by page). */
  audience_loaded: z.boolean(),
  started_at: z.string().optional(),
  completed_at: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const RecipientState = z.enum(["pending", "queued", "sent", "delivered", "failed", "skipped"]);
export type RecipientState = z.infer<typeof RecipientState>;

/**
 * A recipient as `GET /v1/campaigns/{id}/contacts` lists it: the contract's `Contact` fields we
 * keep, and where the recipient stands (`recipient_state`: the contract's `state` is the
 * contact's own, open/archived/blocked, so ours is named apart).
 */
export const CampaignContact = z.object({
  id: z.uuid(),
  name: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  recipient_state: RecipientState,
  skip_reason: z.string().optional(),
  message_id: z.uuid().optional(),
  conversation_id: z.uuid().optional(),
  time_zone: z.string(),
  not_before: z.string().optional(),
  responded_at: z.string().optional(),
  unsubscribed_at: z.string().optional(),
  /** When the recipient first opened one of the campaign's tracked links. */
  clicked_at: z.string().optional(),
  updated_at: z.string(),
});
export type CampaignContact = z.infer<typeof CampaignContact>;

export const CampaignCreated = defineEvent("campaigns.campaign.created", Campaign);
export const CampaignUpdated = defineEvent("campaigns.campaign.updated", Campaign);
export const CampaignContactUpdated = defineEvent(
  "campaigns.campaign_contact.updated",
  CampaignContact.extend({ campaign_id: z.uuid() }),
);

const QueryFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/**
 * `state=failed,skipped` or `state=failed&state=skipped` (extension): recipients in any of these
 * states; blank filters nothing, and an unknown name is a 422 naming `state`.
 */
const RecipientStateList = z
  .union([z.string(), z.array(z.string()).max(RecipientState.options.length * 2)])
  .transform((value, ctx) => {
    const names = [value].flat().flatMap((part) => part.split(",").map((name) => name.trim()));
    const unknown = names.filter((name) => name !== "" && !RecipientState.safeParse(name).success);
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `${unknown.join(", ")}: not a recipient state (one of ${RecipientState.options.join(", ")})`,
      });
      return z.NEVER;
    }
    return RecipientState.options.filter((state) => names.includes(state));
  });

/**
 * `GET /v1/campaigns/{id}/contacts`: pages, and the filters Whippy's Activepieces piece sends
 * (`true` keeps only those recipients; `false`, as it sends by default, filters nothing).
 */
export const ListCampaignContactsQuery = Pagination.extend({
  state: RecipientStateList.optional(),
  delivered: QueryFlag.optional(),
  responded: QueryFlag.optional(),
  unsubscribed: QueryFlag.optional(),
  clicked_link: QueryFlag.optional(),
  /** The piece's spelling of `clicked_link`. */
  clicked_level: QueryFlag.optional(),
});
export type ListCampaignContactsQuery = z.infer<typeof ListCampaignContactsQuery>;

/** `GET /campaigns`: the contract's `title`, `status[]`, `limit`, `offset`. */
export const ListCampaignsQuery = Pagination.extend({
  title: z.string().max(255).optional(),
  status: oneOrMany(CampaignStatus, 10).optional(),
});
export type ListCampaignsQuery = z.infer<typeof ListCampaignsQuery>;

/**
 * One campaign in `GET /v1/contacts/{id}/campaigns` (extension): the campaign, and where this
 * contact stands in it (`recipient_state` as `GET /campaigns/{id}/contacts` names it) and when.
 */
export const ContactCampaign = z.object({
  campaign_id: z.uuid(),
  campaign_title: z.string(),
  campaign_status: CampaignStatus,
  channel_id: z.uuid(),
  recipient_state: RecipientState,
  skip_reason: z.string().optional(),
  message_id: z.uuid().optional(),
  conversation_id: z.uuid().optional(),
  /** When it is due to go out (pending recipients). */
  not_before: z.string().optional(),
  /** When it was handed to the channel. */
  sent_at: z.string().optional(),
  responded_at: z.string().optional(),
  unsubscribed_at: z.string().optional(),
  clicked_at: z.string().optional(),
  updated_at: z.string(),
});
export type ContactCampaign = z.infer<typeof ContactCampaign>;
