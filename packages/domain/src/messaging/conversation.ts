import { z } from "zod";
import { UserId } from "../core/user.js";
import { defineEvent } from "../events.js";
import { Limit, Offset, oneOrMany, Pagination } from "../pagination.js";
import { defineRequest } from "../requests.js";

export const ConversationStatus = z.enum(["open", "closed", "automated", "spam"]);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** The contract lists phone | email | fax; WhatsApp channels are our extension. */
export const ConversationChannelType = z.enum(["phone", "email", "fax", "whatsapp"]);
export type ConversationChannelType = z.infer<typeof ConversationChannelType>;

/**
 * The contract's Conversation. Unassigned conversations leave `assigned_*` out, and one without
 * messages leaves `last_message_date` out (the contract types them as non-null).
 */
export const Conversation = z.object({
  id: z.uuid(),
  contact_id: z.uuid(),
  channel_id: z.uuid(),
  channel_type: ConversationChannelType,
  status: ConversationStatus,
  assigned_user_id: UserId.optional(),
  assigned_team_id: z.uuid().optional(),
  /** Inbound messages since someone last read or answered the conversation. */
  unread_count: z.int().nonnegative(),
  last_message_date: z.iso.datetime({ offset: true }).optional(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type Conversation = z.infer<typeof Conversation>;

const Flag = z.enum(["true", "false"]).transform((value) => value === "true");

/** `GET /conversations`: the contract's filters and paging, plus assignment and unread (our extensions). */
export const ListConversationsQuery = Pagination.extend({
  status: oneOrMany(ConversationStatus, 10).optional(),
  type: oneOrMany(ConversationChannelType, 10).optional(),
  /** Our extension: conversations whose contact carries any of these tags (by name). */
  tags: oneOrMany(z.string().trim().min(1).max(100), 100).optional(),
  assigned_user_id: z.coerce.number().pipe(UserId).optional(),
  /** Our extension: only conversations assigned to this team. */
  assigned_team_id: z.uuid().optional(),
  /** Our extension: only this contact's conversations (one per channel). */
  contact_id: z.uuid().optional(),
  /** `true`: only conversations assigned to nobody (no user, no team). */
  unassigned: Flag.optional(),
  /** `true`: only conversations with unread inbound messages. */
  unread: Flag.optional(),
});
export type ListConversationsQuery = z.infer<typeof ListConversationsQuery>;

/**
 * `PUT /conversations/{id}`. `null` unassigns (our extension), `mark_read: true` clears the
 * unread count (our extension); closing a conversation clears it too.
 */
export const UpdateConversation = z.strictObject({
  status: ConversationStatus.optional(),
  assigned_user_id: UserId.nullable().optional(),
  assigned_team_id: z.uuid().nullable().optional(),
  mark_read: z.literal(true).optional(),
});
export type UpdateConversation = z.infer<typeof UpdateConversation>;

/** `POST /conversations/search`: a case-insensitive substring of the contact's name, phone or email, or of a message. */
export const SearchConversations = z.strictObject({
  query: z.string().trim().min(1).max(200),
  limit: Limit,
  offset: Offset,
});
export type SearchConversations = z.infer<typeof SearchConversations>;

export const ConversationCreated = defineEvent("conversations.conversation.created", Conversation);
/** Any change: status, assignment, unread count, last message date. Data is the whole conversation. */
export const ConversationUpdated = defineEvent("conversations.conversation.updated", Conversation);

/**
 * The contact's conversation on a channel assigned on its behalf (a sequence's assign step):
 * as `PUT /conversations/{id}` with the assignee fields; `not_found` when the contact has no
 * conversation on the channel yet.
 */
export const AssignConversationRequest = defineRequest(
  "rpc.conversations.conversation.assign",
  z.strictObject({
    organization_id: z.uuid(),
    contact_id: z.uuid(),
    channel_id: z.uuid(),
    assigned_user_id: UserId.nullable().optional(),
    assigned_team_id: z.uuid().nullable().optional(),
  }),
  Conversation,
);
