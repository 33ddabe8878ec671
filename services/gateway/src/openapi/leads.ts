import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { CreateLead, dataOf, Lead, LeadListQuery, listOf } from "@relay/domain";
import { errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component } from "./zod.js";

/** `/leads`: Whippy's `POST` (its MCP server's "create lead"), and our reads. */
export function registerLeads(registry: OpenAPIRegistry): void {
  const lead = component(registry, "Lead", Lead);
  const tags = ["Leads"];

  registry.registerPath({
    method: "post",
    path: "/leads",
    operationId: "createLead",
    tags,
    summary: "Create a lead (Whippy's path, not in the contract)",
    description:
      "A contact from an integration (a job board, a web form) and what they wrote. The contact is upserted " +
      "as `PUT /contacts/upsert` would (by `external_id`, else `phone`, else `email`; `name`, `tags` and " +
      "`properties` written on it). The lead lives on the channel `channel_id` names, or whose phone number or " +
      "email address is `from`; with neither, on the organization's oldest phone channel (its oldest email " +
      "channel when the lead has only an email). Its conversation with the contact is opened (reopened when " +
      "closed) and its text (`body`, or `message` as Whippy's clients name it) stored there as a received " +
      "message, one more unread. No keyword is acted on and no automatic reply goes out: a form is not a text " +
      "from the contact. Announced as `lead.new` (webhooks) with the lead, its contact, conversation and " +
      "message. 422 naming the field: no `phone` nor `email`; `channel_id`/`from` not a channel of yours; no " +
      "channel to put it on; a phone or WhatsApp channel for a lead with no `phone` (an email channel and no " +
      "`email`). 409 when the phone and email belong to two different contacts.",
    request: { headers: IdempotencyHeader, body: jsonBody(CreateLead) },
    responses: { "201": json(dataOf(lead), "Lead created"), ...errorResponses("409", "422") },
  });
  registry.registerPath({
    method: "get",
    path: "/leads",
    operationId: "getLeads",
    tags,
    summary: "List leads (extension)",
    description: "Newest first; `source` and `contact_id` narrow the list.",
    request: {
      query: ListQuery.extend({
        source: LeadListQuery.shape.source,
        contact_id: LeadListQuery.shape.contact_id,
      }),
    },
    responses: { "200": json(listOf(lead), "A page of leads"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/leads/{id}",
    operationId: "getLead",
    tags,
    summary: "Show a lead (extension)",
    request: { params: PathId },
    responses: { "200": json(dataOf(lead), "A single lead"), ...errorResponses("404") },
  });
}
