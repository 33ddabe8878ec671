import { type Lead, type LeadListQuery, NotFoundError } from "@relay/domain";
import { findLead, listLeads as selectLeads } from "../db/leads.js";
import type { ConversationsDeps } from "../deps.js";
import { toLead } from "./lead-view.js";

export async function getLead(
  deps: Pick<ConversationsDeps, "db">,
  organizationId: string,
  id: string,
): Promise<Lead> {
  const row = await findLead(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("lead");
  return toLead(row);
}

export async function listLeads(
  deps: Pick<ConversationsDeps, "db">,
  organizationId: string,
  query: LeadListQuery,
): Promise<{ data: Lead[]; total: number; limit: number; offset: number }> {
  const { rows, total } = await selectLeads(deps.db, organizationId, query);
  return { data: rows.map(toLead), total, limit: query.limit, offset: query.offset };
}
