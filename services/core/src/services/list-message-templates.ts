import type { MessageTemplate, MessageTemplateFilters, Pagination } from "@relay/domain";
import { listMessageTemplates as listMessageTemplateRows } from "../db/message-templates.js";
import type { CoreDeps } from "../deps.js";
import { toMessageTemplate } from "./message-template-view.js";

/** The organization's templates, oldest first. */
export async function listMessageTemplates(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  filters: MessageTemplateFilters,
  page: Pagination,
): Promise<{ data: MessageTemplate[]; total: number }> {
  const { rows, total } = await listMessageTemplateRows(deps.db, organizationId, filters, page);
  return { data: rows.map(toMessageTemplate), total };
}
