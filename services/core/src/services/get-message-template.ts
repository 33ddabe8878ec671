import { type MessageTemplate, NotFoundError } from "@relay/domain";
import { findMessageTemplate } from "../db/message-templates.js";
import type { CoreDeps } from "../deps.js";
import { toMessageTemplate } from "./message-template-view.js";

export async function getMessageTemplate(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  id: string,
): Promise<MessageTemplate> {
  const row = await findMessageTemplate(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("message template");
  return toMessageTemplate(row);
}
