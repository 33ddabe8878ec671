import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  ChannelType,
  CreateMessageTemplate,
  dataOf,
  listOf,
  MAX_EMAIL_BODY,
  MAX_SMS_BODY,
  MAX_WHATSAPP_BODY,
  MessageTemplate,
  TemplateAccessLevel,
  UpdateMessageTemplate,
} from "@relay/domain";
import { deleted, errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component, z } from "./zod.js";

const PATH = "/automations/templates";

/** The list filters as documented; the domain's schema also reads blank and `undefined` as absent. */
const Filters = ListQuery.extend({
  title: z.string().optional().describe("Templates whose title contains this (case-insensitive)."),
  search: z.string().optional().describe("Templates whose title or message contains this."),
  archived: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .describe("`1` / `true`: archived only; `0` / `false`: the others."),
  access_level: TemplateAccessLevel.optional(),
  channel_type: ChannelType.optional(),
  created_by: z
    .string()
    .optional()
    .describe("User ids, comma-separated or repeated: templates they created."),
  updated_by: z
    .string()
    .optional()
    .describe("User ids, comma-separated or repeated: templates they changed last."),
});

const MESSAGE_RULES =
  "`message` is a template in the language campaigns render: plain text with `{{contact.first_name}}`, " +
  "`{{contact.last_name}}`, `{{contact.name}}`, `{{contact.phone}}`, `{{contact.email}}`, " +
  "`{{contact.external_id}}` and `{{contact.properties.<key>}}`, with the filters `default`, `upcase`, " +
  "`downcase`, `capitalize`, `strip` and `truncate`; anything else (another variable, a tag such as " +
  `\`{% if %}\`) is a 422 naming \`message\`. At most ${MAX_SMS_BODY} characters (${MAX_WHATSAPP_BODY} for ` +
  `\`whatsapp\`, ${MAX_EMAIL_BODY} for \`email\`; without \`channel_type\`, the SMS limit).`;

/** `/automations/templates`, Whippy's path for saved messages (not in the reconstructed contract). */
export function registerMessageTemplates(registry: OpenAPIRegistry): void {
  const template = component(registry, "MessageTemplate", MessageTemplate);
  const one = dataOf(template);
  const tags = ["Message templates"];
  const list = json(listOf(template), "A page of templates, oldest first");

  registry.registerPath({
    method: "get",
    path: PATH,
    operationId: "getMessageTemplates",
    tags,
    summary: "List message templates (extension: Whippy's path)",
    description:
      "Oldest first. A parameter that is blank or the text `undefined` (what Whippy's Activepieces piece " +
      "sends for an unset one) is absent.",
    request: { query: Filters },
    responses: { "200": list, ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: PATH,
    operationId: "createMessageTemplate",
    tags,
    summary: "Create a message template, or list them (extension: Whippy's path)",
    description:
      `${MESSAGE_RULES} \`variables\` in the answer lists what the message prints. \`created_by\` is the web ` +
      "user who made it (null for an API key). An empty body (`{}`, or none) lists the templates instead, " +
      "with the filters of the GET in the query string: that is how Whippy's Activepieces piece lists them.",
    request: { headers: IdempotencyHeader, query: Filters, body: jsonBody(CreateMessageTemplate) },
    responses: {
      "201": json(one, "Template created"),
      "200": { ...list, description: "The list, for an empty body" },
      ...errorResponses("422"),
    },
  });
  registry.registerPath({
    method: "get",
    path: `${PATH}/{id}`,
    operationId: "getMessageTemplate",
    tags,
    summary: "Show a message template (extension: Whippy's path)",
    request: { params: PathId },
    responses: { "200": json(one, "A single template"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: `${PATH}/{id}`,
    operationId: "updateMessageTemplate",
    tags,
    summary: "Update a message template (extension: Whippy's path)",
    description:
      "Only the fields given change. The message is checked as it will be stored: a new `channel_type` that " +
      "makes the stored message too long is a 422 naming `channel_type`.",
    request: { params: PathId, body: jsonBody(UpdateMessageTemplate) },
    responses: { "200": json(one, "Template updated"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "delete",
    path: `${PATH}/{id}`,
    operationId: "deleteMessageTemplate",
    tags,
    summary: "Delete a message template (extension: Whippy's path)",
    request: { params: PathId },
    responses: { "200": json(deleted(), "Template deleted"), ...errorResponses("404") },
  });
}
