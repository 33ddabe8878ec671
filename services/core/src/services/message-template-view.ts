import type { MessageTemplate } from "@relay/domain";
import type { MessageTemplateRow } from "../db/schema.js";

export function toMessageTemplate(row: MessageTemplateRow): MessageTemplate {
  return {
    id: row.id,
    organization_id: row.organization_id,
    title: row.title,
    message: row.message,
    channel_type: row.channel_type,
    attachments: row.attachments,
    access_level: row.access_level,
    archived: row.archived,
    variables: row.variables,
    created_by: row.created_by,
    updated_by: row.updated_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
