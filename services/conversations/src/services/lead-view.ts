import type { Lead } from "@relay/domain";
import type { LeadRow } from "../db/schema.js";

const iso = (value: Date | string) => new Date(value).toISOString();

export function toLead(row: LeadRow): Lead {
  const lead: Lead = {
    id: row.id,
    status: row.status,
    contact_id: row.contact_id,
    channel_id: row.channel_id,
    conversation_id: row.conversation_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
  if (row.name !== null) lead.name = row.name;
  if (row.phone !== null) lead.phone = row.phone;
  if (row.email !== null) lead.email = row.email;
  if (row.source !== null) lead.source = row.source;
  if (row.message_id !== null) lead.message_id = row.message_id;
  return lead;
}
