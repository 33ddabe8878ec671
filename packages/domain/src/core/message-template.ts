import { z } from "zod";
import { defineEvent } from "../events.js";
import { AttachmentUrl } from "../messaging/delivery.js";
import { MAX_EMAIL_BODY } from "../messaging/email-message.js";
import { MAX_ATTACHMENTS, MAX_SMS_BODY } from "../messaging/message.js";
import { MAX_WHATSAPP_BODY } from "../messaging/whatsapp-message.js";
import { Pagination, unlessBlank } from "../pagination.js";
import { defineRequest } from "../requests.js";
import { compileTemplate } from "../templates/personalize.js";
import { ChannelType } from "./channel-provider.js";
import { UserId } from "./user.js";

/**
 * Who a template is offered to in the composer: everyone in the organization, or its author.
 * A label the web app filters on; an API key reaches every template of its organization.
 */
export const TemplateAccessLevel = z.enum(["organization", "user"]);
export type TemplateAccessLevel = z.infer<typeof TemplateAccessLevel>;

/** The longest message a template may hold for a channel type; without one, SMS's (the strictest). */
export function maxTemplateMessage(channelType: ChannelType | null | undefined): number {
  if (channelType === "email") return MAX_EMAIL_BODY;
  if (channelType === "whatsapp") return MAX_WHATSAPP_BODY;
  return MAX_SMS_BODY;
}

/**
 * What is wrong with a template's message for its channel type, or undefined: too long, or not
 * a template campaigns render (unknown variables, tags, filters), by the one template engine.
 */
export function templateMessageProblem(
  message: string,
  channelType: ChannelType | null | undefined,
): string | undefined {
  const max = maxTemplateMessage(channelType);
  if (message.length > max) return `must be at most ${max} characters for ${channelType ?? "any"} channels`;
  const compiled = compileTemplate(message);
  return compiled.ok ? undefined : compiled.error.message;
}

/** A saved message: text with `{{contact.…}}` variables, for the composer, campaigns and sequences. */
export const MessageTemplate = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  title: z.string(),
  message: z.string(),
  /** The channel type it is written for; null: any. */
  channel_type: ChannelType.nullable(),
  attachments: z.array(z.string()),
  access_level: TemplateAccessLevel,
  archived: z.boolean(),
  /** The variables the message prints (`contact.first_name`, `contact.properties.plan`), each once. */
  variables: z.array(z.string()),
  /** The web user who created / last changed it; null when an API key did. */
  created_by: UserId.nullable(),
  updated_by: UserId.nullable(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;

const Title = z.string().trim().min(1, "must not be empty").max(255);
const Message = z.string().min(1, "must not be empty");
const Attachments = z.array(AttachmentUrl).max(MAX_ATTACHMENTS);

const checkMessage = (t: { message: string; channel_type?: ChannelType | null }, ctx: z.RefinementCtx) => {
  const problem = templateMessageProblem(t.message, t.channel_type);
  if (problem) ctx.addIssue({ code: "custom", path: ["message"], message: problem });
};

export const CreateMessageTemplate = z
  .strictObject({
    title: Title,
    message: Message,
    channel_type: ChannelType.nullish(),
    attachments: Attachments.optional(),
    access_level: TemplateAccessLevel.optional(),
    archived: z.boolean().optional(),
  })
  .superRefine(checkMessage);
export type CreateMessageTemplate = z.infer<typeof CreateMessageTemplate>;

/**
 * Every field optional. The message is checked by the service, against the channel type it will
 * have (the stored one unless this changes it): `templateMessageProblem`.
 */
export const UpdateMessageTemplate = z.strictObject({
  title: Title.optional(),
  message: Message.optional(),
  channel_type: ChannelType.nullish(),
  attachments: Attachments.optional(),
  access_level: TemplateAccessLevel.optional(),
  archived: z.boolean().optional(),
});
export type UpdateMessageTemplate = z.infer<typeof UpdateMessageTemplate>;

/** User ids given once, repeated, or comma-separated (`created_by=1,2`, what the piece's list becomes). */
const UserIdList = z.preprocess(
  (value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((one) => (typeof one === "string" ? one.split(",") : [one]))
      .map((one) => (typeof one === "string" ? one.trim() : one))
      .filter((one) => one !== ""),
  z.array(z.coerce.number().pipe(UserId)).max(1000),
);

/** `archived` as the piece's dropdown sends it (`1` / `0`), or `true` / `false`. */
const Flag = z.enum(["1", "0", "true", "false"]).transform((value) => value === "1" || value === "true");

/**
 * List filters, as Whippy's Activepieces piece sends them (blank and `undefined` are absent):
 * `title` (part of the title), `search` (part of the title or message), `archived`,
 * `access_level`, `channel_type`, `created_by` / `updated_by` (user ids).
 */
export const MessageTemplateFilters = z.object({
  title: unlessBlank(z.string().trim().max(255)),
  search: unlessBlank(z.string().trim().max(255)),
  archived: unlessBlank(Flag),
  access_level: unlessBlank(TemplateAccessLevel),
  channel_type: unlessBlank(ChannelType),
  created_by: unlessBlank(UserIdList),
  updated_by: unlessBlank(UserIdList),
});
export type MessageTemplateFilters = z.infer<typeof MessageTemplateFilters>;

export const MessageTemplateListQuery = Pagination.extend(MessageTemplateFilters.shape);
export type MessageTemplateListQuery = z.infer<typeof MessageTemplateListQuery>;

export const MessageTemplateCreated = defineEvent("core.message_template.created", MessageTemplate);
export const MessageTemplateUpdated = defineEvent("core.message_template.updated", MessageTemplate);
export const MessageTemplateDeleted = defineEvent(
  "core.message_template.deleted",
  z.object({ id: z.uuid() }),
);

/** For the composer, campaigns and sequences: one of the organization's templates; unknown → `not_found`. */
export const GetMessageTemplate = defineRequest(
  "rpc.core.template.get",
  z.object({ organization_id: z.uuid(), id: z.uuid() }),
  MessageTemplate,
);
export type GetMessageTemplateRequest = z.output<typeof GetMessageTemplate.request>;

/** The variables a (valid) message prints, each once, in order of first use. */
export function templateVariables(message: string): string[] {
  const compiled = compileTemplate(message);
  return compiled.ok ? compiled.template.variables.map((variable) => variable.path) : [];
}
