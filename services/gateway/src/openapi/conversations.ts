import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  BulkSendRequest,
  BulkSendResult,
  CommunicationPreference,
  ConsentHistoryEntry,
  Conversation,
  ConversationChannelType,
  ConversationStatus,
  CreateNote,
  dataOf,
  listOf,
  Message,
  OptedOutLookup,
  OptPreference,
  RepliedLookup,
  SearchConversations,
  SendEmail,
  SendSms,
  SendWhatsApp,
  SentMessage,
  UpdateConversation,
  WhippyMessageEmail,
  WhippyMessageSms,
} from "@relay/domain";
import { errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component, z } from "./zod.js";

export function registerMessaging(registry: OpenAPIRegistry): void {
  const sent = component(registry, "SendMessageResponse", dataOf(SentMessage));
  registry.registerPath({
    method: "post",
    path: "/messaging/note",
    operationId: "createConversationNote",
    tags: ["Messaging"],
    summary: "Write an internal note in a conversation (extension: Whippy's path)",
    description:
      "As Whippy's Activepieces piece sends it: `from` is one of your channels (a phone number, or an email " +
      "address), `to` the contact (created when new). The note is stored in the conversation (opened when " +
      "there is none, otherwise left as it is) as a message with `type: note` and `source_type: NOTE`, " +
      "announced as `message.created`, and never sent: consent is not asked. `user_id` (extension) names " +
      "its author, one of your users; with a web session the author is the signed-in user, and an agent " +
      "writes only on the channels they may use (403 otherwise). `body` or `attachments` is required.",
    request: { body: jsonBody(component(registry, "CreateNoteRequest", CreateNote)) },
    responses: {
      "201": json(dataOf(component(registry, "Message", Message)), "The note, as a message"),
      ...errorResponses("422"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/messaging/sms",
    operationId: "sendSms",
    tags: ["Messaging"],
    summary: "Send an SMS / MMS",
    description:
      "From one of your phone channels (`from` is its number) to a phone number (`to`; the contact is " +
      "created if new). Refused with 422 when the contact opted out of the channel. `schedule_at` in the " +
      "future stores the message `scheduled` and sends it then.",
    request: { headers: IdempotencyHeader, body: jsonBody(component(registry, "SendSmsRequest", SendSms)) },
    responses: { "201": json(sent, "Message queued or scheduled"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/messages/sms",
    operationId: "sendMessageSms",
    tags: ["Messaging"],
    summary: "Send an SMS as Whippy's MCP server does (extension)",
    description:
      "`POST /messaging/sms` with `message` for the body and `from` optional (then your oldest phone " +
      "channel; 422 naming `from` when you have none). Answered as `POST /messaging/sms` is.",
    request: {
      headers: IdempotencyHeader,
      body: jsonBody(component(registry, "WhippyMessageSmsRequest", WhippyMessageSms)),
    },
    responses: { "201": json(sent, "Message queued"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/messages/email",
    operationId: "sendMessageEmail",
    tags: ["Messaging"],
    summary: "Send an email as Whippy's MCP server does (extension)",
    description:
      "`POST /messaging/email` with `message` for the body and `from` optional (then your oldest email " +
      "channel; 422 naming `from` when you have none). Answered as `POST /messaging/email` is.",
    request: {
      headers: IdempotencyHeader,
      body: jsonBody(component(registry, "WhippyMessageEmailRequest", WhippyMessageEmail)),
    },
    responses: { "201": json(sent, "Message queued"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/messaging/email",
    operationId: "sendEmail",
    tags: ["Messaging"],
    summary: "Send an email",
    description:
      "From one of your email channels (`from` is its address). Both a text and an HTML part are sent; a " +
      "reply in an existing conversation is threaded (In-Reply-To, References). Automated mail " +
      "(`conversation_status: automated`) carries a one-click List-Unsubscribe link. Refused with 422 when " +
      "the contact opted out or the address bounced permanently.",
    request: {
      headers: IdempotencyHeader,
      body: jsonBody(component(registry, "SendEmailRequest", SendEmail)),
    },
    responses: { "201": json(sent, "Email queued or scheduled"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/messaging/whatsapp",
    operationId: "sendWhatsApp",
    tags: ["Messaging"],
    summary: "Send a WhatsApp message (extension)",
    description:
      "From one of your WhatsApp channels (`from` is its number): a text (`body`), one media message " +
      "(`attachments[0]`, `body` as caption; the type comes from the file extension) or a `template` " +
      "{name, language, components}. Free-form messages are allowed only within 24 hours of the contact's " +
      "last inbound message on the channel (422 naming `body` otherwise); templates any time.",
    request: {
      headers: IdempotencyHeader,
      body: jsonBody(component(registry, "SendWhatsAppRequest", SendWhatsApp)),
    },
    responses: { "201": json(sent, "Message queued or scheduled"), ...errorResponses("422") },
  });
  registerBulkSend(registry);
  registerAudienceLookups(registry);
}

/** `POST /messaging/bulk`: the batch path campaigns and sequences send through. */
function registerBulkSend(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post",
    path: "/messaging/bulk",
    operationId: "sendBulk",
    tags: ["Messaging"],
    summary: "Send up to 1,000 messages in one request (extension)",
    description:
      "Each row of `messages` is one send: `type` (`sms`, `email` or `whatsapp`), a `key` of yours " +
      "(1–255 visible ASCII characters, unique per organization) and the fields of that type's single " +
      "send (`/messaging/sms`, `/messaging/email`, `/messaging/whatsapp`), with `contact_id` allowed " +
      "instead of `to`. Every row passes the same checks as a single send (channel by `from`, contact " +
      "created if new, consent, suppressions, the WhatsApp window) and gets its own outcome, in the " +
      "order of the rows: `queued`, `scheduled` (a future `schedule_at`) or `refused` with `error.code` " +
      "`validation_failed` (fields named `messages.<i>.<field>`), `opted_out`, `hard_bounced` or " +
      "`outside_window`. A refused row stops no other and stores nothing. **Idempotent per row**: a " +
      "row whose `key` was accepted within 24 h (`IDEMPOTENCY_TTL_HOURS`) answers its first outcome " +
      "again and sends nothing, even after a crash; the same key with a different row is refused " +
      "naming `messages.<i>.key`. A batch that failed (5xx, lost answer) can therefore be sent again " +
      "whole. The body is 422 (naming `messages`) with no rows, more than 1,000, or any other shape; " +
      "the `Idempotency-Key` header is not used here (the rows' keys are).",
    request: { body: jsonBody(component(registry, "BulkSendRequest", BulkSendRequest)) },
    responses: {
      "200": json(
        component(registry, "BulkSendResponse", dataOf(BulkSendResult)),
        "Every row's outcome and the counts",
      ),
      ...errorResponses("422"),
    },
  });
}

/** The two reads campaigns make of a page of their audience, open to API keys too. */
function registerAudienceLookups(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post",
    path: "/messaging/consent/opted_out",
    operationId: "lookupOptedOut",
    tags: ["Messaging"],
    summary: "Which of these contacts refuse a channel now (extension)",
    description:
      "Up to 1,000 `contact_ids`: the ones opted out of `channel_id` at this moment (what a campaign's " +
      "preview leaves out). Ids that are not your contacts, or a channel that is not yours, are simply " +
      "not in the answer. A read: the send itself decides again.",
    request: { body: jsonBody(OptedOutLookup) },
    responses: {
      "200": json(dataOf(z.object({ opted_out: z.array(z.uuid()) })), "The opted-out contacts' ids"),
      ...errorResponses("422"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/messaging/replied",
    operationId: "lookupReplied",
    tags: ["Messaging"],
    summary: "Which of these contacts wrote to you since a time (extension)",
    description:
      "Up to 1,000 `contact_ids`: the ones who sent your organization a message, on any channel, after " +
      "`since` (ISO 8601; a campaign's `replied_within_hours` exclusion). Ids that are not your contacts " +
      "are not in the answer.",
    request: { body: jsonBody(RepliedLookup) },
    responses: {
      "200": json(dataOf(z.object({ replied: z.array(z.uuid()) })), "The contacts' ids who wrote"),
      ...errorResponses("422"),
    },
  });
}

export function registerConversations(registry: OpenAPIRegistry): void {
  const conversation = component(registry, "Conversation", Conversation);
  const list = component(registry, "ConversationList", listOf(conversation));
  const one = component(registry, "ConversationResponse", dataOf(conversation));
  const message = component(registry, "Message", Message);
  const tags = ["Conversations"];

  registry.registerPath({
    method: "get",
    path: "/conversations",
    operationId: "getConversations",
    tags,
    summary: "List conversations",
    description:
      "With a web agent's session, only the conversations of the channels the agent may use are listed (and others are 404).",
    request: {
      query: ListQuery.extend({
        "status[]": z.array(ConversationStatus).optional(),
        "type[]": z.array(ConversationChannelType).optional(),
        "tags[]": z
          .array(z.string())
          .optional()
          .describe(
            "Extension: conversations whose contact carries any of these tags (names; `tags=` once works too).",
          ),
        assigned_user_id: z
          .int()
          .min(1)
          .optional()
          .openapi({ description: "Extension: only conversations assigned to this user." }),
        assigned_team_id: z
          .uuid()
          .optional()
          .openapi({ description: "Extension: only conversations assigned to this team." }),
        contact_id: z.uuid().optional().openapi({
          description:
            "Extension: only this contact's conversations (one per channel it wrote or was written on).",
        }),
        unassigned: z.enum(["true", "false"]).optional().openapi({
          description: "Extension: `true` lists only conversations assigned to no user and no team.",
        }),
        unread: z.enum(["true", "false"]).optional().openapi({
          description: "Extension: `true` lists only conversations with unread inbound messages.",
        }),
      }),
    },
    responses: {
      "200": json(list, "A page of conversations, most recent activity first"),
      ...errorResponses("422"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/conversations/search",
    operationId: "searchConversations",
    tags,
    summary: "Search conversations",
    description: "Matches the contact's name, phone or email, or the text of any message.",
    request: { body: jsonBody(SearchConversations) },
    responses: { "200": json(list, "Matching conversations"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/conversations/{id}",
    operationId: "getConversation",
    tags,
    summary: "Show a conversation",
    request: { params: PathId },
    responses: { "200": json(one, "A conversation"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/conversations/{id}",
    operationId: "updateConversation",
    tags,
    summary: "Update a conversation",
    description:
      "Status, assignment to a user or team of your organization (`null` unassigns), and " +
      "`mark_read: true` to clear the unread count (closing clears it too).",
    request: { params: PathId, body: jsonBody(UpdateConversation) },
    responses: { "200": json(one, "Conversation updated"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "get",
    path: "/conversations/{id}/messages",
    operationId: "listMessages",
    tags,
    summary: "List messages in a conversation",
    description: "Newest first. Calls appear as messages of `type: call` with their `call` details.",
    request: { params: PathId, query: ListQuery },
    responses: { "200": json(listOf(message), "A page of messages"), ...errorResponses("404", "422") },
  });
}

export function registerConsent(registry: OpenAPIRegistry): void {
  const preference = component(registry, "CommunicationPreference", CommunicationPreference);
  const body = jsonBody(component(registry, "OptPreferenceRequest", OptPreference));
  const tags = ["Contacts"];
  registry.registerPath({
    method: "get",
    path: "/contacts/{id}/communication_preferences",
    operationId: "getContactCommunicationPreferences",
    tags,
    summary: "List a contact's communication preferences",
    request: { params: PathId },
    responses: {
      "200": json(z.object({ data: z.array(preference) }), "One per channel with a record"),
      ...errorResponses("404"),
    },
  });
  for (const [verb, summary] of [
    ["opt_in", "Opt a contact into a channel"],
    ["opt_out", "Opt a contact out of a channel"],
  ] as const) {
    registry.registerPath({
      method: "post",
      path: `/contacts/{id}/communication_preferences/${verb}`,
      operationId: verb === "opt_in" ? "optInCommunicationPreference" : "optOutCommunicationPreference",
      tags,
      summary,
      description: "The channel by `channel_id`, or a phone channel by its number (`phone`).",
      request: { params: PathId, body },
      responses: {
        "200": json(dataOf(preference), "The contact's preference now"),
        ...errorResponses("404", "422"),
      },
    });
  }
  registry.registerPath({
    method: "get",
    path: "/contacts/{id}/communication_preferences/history",
    operationId: "getContactCommunicationPreferenceHistory",
    tags,
    summary: "A contact's consent changes (extension)",
    description:
      "Every recorded change, newest first: the channel, the state it set, its `source` and `detail` (the " +
      "keyword texted, `opt_in`/`opt_out` through the API, the provider's error) and `changed_by` (`user` with " +
      "the web user's `user_id`, `contact`, `provider` or `api`). Users are recorded from this extension " +
      "onwards. `channel_id` keeps one channel's; an agent's session sees their channels' only.",
    request: {
      params: PathId,
      query: ListQuery.extend({ channel_id: z.uuid().optional().describe("Only this channel's changes.") }),
    },
    responses: {
      "200": json(
        component(
          registry,
          "ConsentHistoryList",
          listOf(component(registry, "ConsentHistoryEntry", ConsentHistoryEntry)),
        ),
        "A page of the contact's consent changes",
      ),
      ...errorResponses("404", "422"),
    },
  });
}
