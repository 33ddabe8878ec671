import { AppError, ValidationError } from "@relay/domain";
import type { CampaignsDeps } from "../deps.js";

/**
 * The SMS a send names by `template_id`: the saved template's message and attachments, read from
 * core when the send is made (a later edit of the template changes no campaign already made).
 */
export async function templateMessage(
  deps: Pick<CampaignsDeps, "templates">,
  organizationId: string,
  templateId: string,
): Promise<{ body: string; attachments: string[] }> {
  const template = await deps.templates.get(organizationId, templateId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found")
      throw ValidationError.field("template_id", "is not one of your message templates");
    throw error;
  });
  if (template.channel_type !== null && template.channel_type !== "phone")
    throw ValidationError.field("template_id", `is a ${template.channel_type} template, not one for SMS`);
  return { body: template.message, attachments: template.attachments };
}
