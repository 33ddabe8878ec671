import { z } from "zod";
import { Contact } from "../core/contact.js";
import { defineEvent } from "../events.js";
import { freeFormObject, PROPERTIES_LIMITS } from "../free-form.js";
import { Pagination } from "../pagination.js";
import { Conversation } from "./conversation.js";
import { Message } from "./message.js";

/** Most characters of a lead's first message (what an integration's form can carry). */
export const MAX_LEAD_BODY = 10_000;

/**
 * `POST /v1/leads` (Whippy's, as its MCP server sends it: `name, email, phone, source, status`):
 * a contact from an integration (a job board, a web form) and what they wrote. The contact is
 * upserted by `external_id`, else phone, else email; the message (`body`, or `message`, the name
 * Whippy's clients use) is stored as received on the channel named by `channel_id` or `from`
 * (its phone number or email address), else on the organization's oldest phone channel (oldest
 * email channel for a lead with only an email).
 */
export const CreateLead = z
  .strictObject({
    name: z.string().trim().max(255).optional(),
    phone: z.string().trim().min(1).max(64).optional(),
    email: z.string().trim().max(320).pipe(z.email("must be a valid email address")).optional(),
    external_id: z.string().trim().min(1).max(255).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    // Checked as a contact's are, here: an oversized value must not reach the bus to core.
    properties: freeFormObject(PROPERTIES_LIMITS, z.string().min(1).max(100)).optional(),
    body: z.string().max(MAX_LEAD_BODY).optional(),
    message: z.string().max(MAX_LEAD_BODY).optional(),
    channel_id: z.uuid().optional(),
    from: z.string().trim().min(1).max(320).optional(),
    /** Where the lead came from ("indeed", "website form"…). */
    source: z.string().trim().min(1).max(100).optional(),
    /** The integration's own label for it; `new` when not given. */
    status: z.string().trim().min(1).max(50).optional(),
  })
  .superRefine((lead, ctx) => {
    if (lead.phone === undefined && lead.email === undefined)
      ctx.addIssue({ code: "custom", path: ["phone"], message: "phone or email is required" });
    if (lead.channel_id !== undefined && lead.from !== undefined)
      ctx.addIssue({ code: "custom", path: ["from"], message: "give channel_id or from, not both" });
    if (lead.body !== undefined && lead.message !== undefined && lead.body !== lead.message)
      ctx.addIssue({ code: "custom", path: ["message"], message: "give body or message, not both" });
  });
export type CreateLead = z.infer<typeof CreateLead>;

/**
 * A lead as answered and announced: who (the contact's name, phone, email at the time), where it
 * came from, and where it lives (contact, conversation and its first message; `message_id` is
 * absent when the lead carried no text).
 */
export const Lead = z.object({
  id: z.uuid(),
  name: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  source: z.string().optional(),
  status: z.string(),
  contact_id: z.uuid(),
  channel_id: z.uuid(),
  conversation_id: z.uuid(),
  message_id: z.uuid().optional(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type Lead = z.infer<typeof Lead>;

/** `GET /v1/leads`: newest first, optionally one source's or one contact's. */
export const LeadListQuery = Pagination.extend({
  source: z.string().trim().min(1).max(100).optional(),
  contact_id: z.uuid().optional(),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

/** What `lead.new` carries: the lead with its contact, conversation and first message. */
export const NewLead = Lead.extend({
  contact: Contact,
  conversation: Conversation,
  message: Message.optional(),
});
export type NewLead = z.infer<typeof NewLead>;

export const LeadCreated = defineEvent("conversations.lead.created", NewLead);
