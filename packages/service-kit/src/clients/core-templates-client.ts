import { AppError, GetMessageTemplate, type MessageTemplate, ValidationError } from "@relay/domain";
import type { Bus } from "../nats.js";
import { request } from "../request-reply.js";

/** Core's message templates as the senders (campaigns, sequences, the composer) read them. */
export interface CoreTemplates {
  /** The organization's template; `not_found` (an AppError) for any other id. */
  get(organizationId: string, id: string): Promise<MessageTemplate>;
}

/** Core's templates over NATS request-reply (`rpc.core.template.get`): no copy kept. */
export function coreTemplatesClient(bus: Bus, timeoutMs: number): CoreTemplates {
  return {
    get: (organizationId, id) =>
      request(bus, GetMessageTemplate, { organization_id: organizationId, id }, timeoutMs),
  };
}

const CHANNEL_WORD = { phone: "SMS", email: "email", whatsapp: "WhatsApp" } as const;

/**
 * The message a send names by template id: the saved template's message and attachments, read
 * when the send (or the sequence step) is made, so a later edit of the template changes nothing
 * made before. Not one of the organization's templates, or one for another kind of channel than
 * `channelType`: 422 naming `field`.
 */
export async function templateMessage(
  templates: CoreTemplates,
  organizationId: string,
  templateId: string,
  channelType: keyof typeof CHANNEL_WORD,
  field = "template_id",
): Promise<{ body: string; attachments: string[] }> {
  const template = await templates.get(organizationId, templateId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found")
      throw ValidationError.field(field, "is not one of your message templates");
    throw error;
  });
  if (template.channel_type !== null && template.channel_type !== channelType)
    throw ValidationError.field(
      field,
      `is a ${template.channel_type} template, not one for ${CHANNEL_WORD[channelType]}`,
    );
  return { body: template.message, attachments: template.attachments };
}

/** The SMS a send names by template id (see `templateMessage`). */
export const smsTemplateMessage = (
  templates: CoreTemplates,
  organizationId: string,
  templateId: string,
  field = "template_id",
) => templateMessage(templates, organizationId, templateId, "phone", field);
