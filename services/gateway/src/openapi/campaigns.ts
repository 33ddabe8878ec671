import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  CampaignStatus,
  ContactCampaign,
  dataOf,
  ListCampaignsQuery,
  listOf,
  RecipientState,
} from "@relay/domain";
import { registerCampaignSchemas } from "./campaign-schemas.js";
import { errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component, described, z } from "./zod.js";

/** The lifecycle actions; `sendCampaign` is the contract's SMS campaign, so a draft's send is `sendDraftCampaign`. */
const LIFECYCLE: Record<
  "send" | "pause" | "resume" | "cancel",
  { operationId: string; summary: string; description: string }
> = {
  send: {
    operationId: "sendDraftCampaign",
    summary: "Send a draft campaign (extension)",
    description:
      "A `draft` only (409 otherwise). The whole audience is checked first, as the preview counts it: " +
      "a template variable without a value and without a `default` for some recipient is a 422 naming " +
      "`body`, and an audience with nobody who can be sent to is a 422 naming `audience`. With a future " +
      "`schedule_at` the campaign becomes `scheduled` (and sends then), otherwise `sending`. Recipients are " +
      "stored page by page (`audience_loaded`), each sent inside the sending window of their zone at the " +
      "channel's send rate; the campaign is `completed` when none is left pending.",
  },
  pause: {
    operationId: "pauseCampaign",
    summary: "Pause a campaign (extension)",
    description:
      "A `scheduled` or `sending` campaign becomes `paused` (409 otherwise); it takes effect at the next " +
      "dispatch pass, within a second.",
  },
  resume: {
    operationId: "resumeCampaign",
    summary: "Resume a paused campaign (extension)",
    description:
      "A `paused` campaign (409 otherwise) carries on with the recipients still pending: `sending`, or " +
      "`scheduled` again when it had not started and `schedule_at` is still in the future.",
  },
  cancel: {
    operationId: "cancelCampaign",
    summary: "Cancel a campaign (extension)",
    description:
      "A `draft`, `scheduled`, `sending` or `paused` campaign becomes `cancelled` (409 once `completed` or " +
      "`cancelled`); its pending recipients are skipped with reason `cancelled`. Messages already handed " +
      "to the channel are not recalled.",
  },
};

/**
 * The campaigns service's routes. The contract has `POST /messaging/sms/campaign`, `GET /campaigns`,
 * `GET /campaigns/{id}` and `GET /campaigns/{id}/contacts`; the rest are extensions.
 */
export function registerCampaigns(registry: OpenAPIRegistry, publicBaseUrl: string): void {
  const schemas = registerCampaignSchemas(registry);
  const tags = ["Campaigns"];

  registry.registerPath({
    method: "post",
    path: "/messaging/sms/campaign",
    operationId: "sendCampaign",
    tags: ["Messaging", "Campaigns"],
    summary: "Send an SMS campaign",
    description:
      "Creates an SMS campaign from one of your phone channels (`from`) to `contacts` (upserted first) and " +
      "sends it at once, or `scheduled` for a future `schedule_at`: the same checks and send as " +
      "`POST /campaigns` then `POST /campaigns/{id}/send`, with the defaults (sending window 08:00–21:00 in " +
      "each recipient's zone, tracked links, no exclusions). `message` is `campaign accepted for sending` or " +
      "`campaign scheduled`; follow the campaign with `GET /campaigns/{campaign_id}`. A refusal (422 naming " +
      "`contacts` when nobody can be sent to, `body` for a variable without a value or default) stores nothing; " +
      "with an `Idempotency-Key` the campaign is created and sent once, a retry answers the same campaign.",
    request: { headers: IdempotencyHeader, body: jsonBody(schemas.sendSms) },
    responses: {
      "202": json(
        z.object({
          data: z.object({ message: z.string(), campaign_id: z.uuid(), campaign: schemas.campaign }),
        }),
        "Campaign accepted for sending, or scheduled",
      ),
      ...errorResponses("422"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/campaigns",
    operationId: "getCampaigns",
    tags,
    summary: "List campaigns",
    description:
      "Newest first. `title` matches a case-insensitive substring; `status[]` (or `status`, repeated) keeps " +
      "campaigns in any of up to 10 statuses.",
    request: {
      query: ListQuery.extend({
        title: ListCampaignsQuery.shape.title.describe("Filter by campaign title."),
        "status[]": z.array(CampaignStatus).max(10).optional(),
      }),
    },
    responses: { "200": json(schemas.list, "A page of campaigns"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/campaigns",
    operationId: "createCampaign",
    tags,
    summary: "Create a draft campaign (extension)",
    description:
      "A `draft` on any channel type (SMS, email, WhatsApp); nothing is sent until " +
      "`POST /campaigns/{id}/send`. Inline `audience.contacts` are upserted into your contacts now. " +
      "Check who it reaches with `GET /campaigns/{id}/preview`. Without `from` or `channel_id` it sends from " +
      "your oldest channel of its type. Whippy's MCP client's names are read too: `name` as `title`, " +
      "`message` as `body`, `contact_ids` as `audience.contact_ids`, `scheduled_at` as `schedule_at` " +
      "(its `status` is ignored).",
    request: { headers: IdempotencyHeader, body: jsonBody(schemas.create) },
    responses: { "201": json(schemas.one, "Draft created"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/campaigns/{id}",
    operationId: "getCampaign",
    tags,
    summary: "Show a campaign",
    description: "The contract's counts, and the campaign's message, audience, settings and progress.",
    request: { params: PathId },
    responses: { "200": json(schemas.one, "A single campaign"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "put",
    path: "/campaigns/{id}",
    operationId: "updateCampaign",
    tags,
    summary: "Update a draft campaign (extension)",
    description:
      "Only while `draft` (409 otherwise). Any field of the create; fields not given are kept, and the " +
      "result is checked as a create is (an email keeps a `subject`, a `template` stays WhatsApp's, an SMS body " +
      "≤ 1,000 characters). `schedule_at` must be in the future. An `audience` replaces the filter, and the " +
      "inline contacts and exclusions it names; refusals (404, 409, 422) write nothing, inline contacts included.",
    request: { params: PathId, body: jsonBody(schemas.update) },
    responses: { "200": json(schemas.one, "Draft updated"), ...errorResponses("404", "409", "422") },
  });
  registry.registerPath({
    method: "get",
    path: "/campaigns/{id}/contacts",
    operationId: "getCampaignContacts",
    tags,
    summary: "List campaign contacts",
    description:
      "The campaign's recipients in the order they were stored, each with its state. Recipients are " +
      "stored once the campaign is sent (a draft has none), page by page for a large audience. " +
      "`delivered`, `responded`, `unsubscribed`, `clicked_link` (or `clicked_level`, as Whippy's " +
      "Activepieces piece spells it): `true` keeps only those recipients, `false` filters nothing. " +
      "(extension) `state` keeps recipients in any of the `recipient_state`s given (repeated or " +
      "comma-separated); an unknown one is a 422 naming `state`. The flags narrow it further.",
    request: {
      params: PathId,
      query: ListQuery.extend({
        state: z
          .string()
          .optional()
          .openapi({
            description: `Recipient states, comma-separated or repeated: ${RecipientState.options.join(", ")} (extension).`,
            example: "failed,skipped",
          }),
        delivered: z.enum(["true", "false", "1", "0"]).optional(),
        responded: z.enum(["true", "false", "1", "0"]).optional(),
        unsubscribed: z.enum(["true", "false", "1", "0"]).optional(),
        clicked_link: z.enum(["true", "false", "1", "0"]).optional(),
        clicked_level: z.enum(["true", "false", "1", "0"]).optional(),
      }),
    },
    responses: {
      "200": json(schemas.recipients, "A page of campaign recipients"),
      ...errorResponses("404", "422"),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/campaigns/{id}/preview",
    operationId: "previewCampaign",
    tags,
    summary: "Preview who a campaign reaches (extension)",
    description:
      "The audience read now and counted as sending would treat it: duplicates, consent, addresses, " +
      "template variables and exclusions; up to 3 sample messages; SMS segments; and the duration and " +
      "finish at the channel's send rate inside the sending window. Sends nothing, stores nothing.",
    request: { params: PathId },
    responses: {
      "200": json(dataOf(schemas.preview), "The campaign's preview"),
      ...errorResponses("404"),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/campaigns/{id}/duplicate",
    operationId: "duplicateCampaign",
    tags,
    summary: "Duplicate a campaign (extension)",
    description:
      "A new `draft` with the same message, audience (inline contacts included) and settings, whatever " +
      'the original\'s status; titled `title`, or "<title> (copy)"; never a `schedule_at`.',
    request: {
      params: PathId,
      headers: IdempotencyHeader,
      body: { required: false, content: { "application/json": { schema: schemas.duplicate } } },
    },
    responses: { "201": json(schemas.one, "Draft created"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "get",
    path: "/campaigns/{id}/analytics",
    operationId: "getCampaignAnalytics",
    tags,
    summary: "Campaign analytics (extension)",
    description:
      "The campaign's counts (`messages_sent`, `messages_delivered`, `messages_failed`, `responses`, " +
      "`link_clicks`, `unsubscribes`) and rates of the messages delivered (0 to 1, 4 decimals; 0 before " +
      "any is delivered). Not in the contract; Whippy's MCP client reads it.",
    request: { params: PathId },
    responses: { "200": json(schemas.analytics, "The campaign's analytics"), ...errorResponses("404") },
  });
  registry.registerPath({
    method: "post",
    path: "/campaigns/sms",
    operationId: "sendCampaignTo",
    tags,
    summary: "Send an SMS campaign to `to` (extension)",
    description:
      "Whippy's `POST /campaigns/sms` (its Activepieces piece): `POST /messaging/sms/campaign` with the " +
      "recipients in `to`, answered the same way (202). Not in the contract.",
    request: { headers: IdempotencyHeader, body: jsonBody(schemas.sendSmsTo) },
    responses: {
      "202": json(
        z.object({
          data: z.object({ message: z.string(), campaign_id: z.uuid(), campaign: schemas.campaign }),
        }),
        "Campaign accepted for sending, or scheduled",
      ),
      ...errorResponses("422"),
    },
  });
  for (const [action, { operationId, summary, description }] of Object.entries(LIFECYCLE)) {
    registry.registerPath({
      method: "post",
      path: `/campaigns/{id}/${action}`,
      operationId,
      tags,
      summary,
      description,
      request: { params: PathId },
      responses: {
        "200": json(schemas.one, "The campaign in its new status"),
        ...errorResponses(
          ...(action === "send" ? (["404", "409", "422"] as const) : (["404", "409"] as const)),
        ),
      },
    });
  }
  registerTrackedLink(registry, publicBaseUrl);
}

/** `/l/{code}`: the tracked links in campaign messages, beside `/v1` and without an API key. */
function registerTrackedLink(registry: OpenAPIRegistry, publicBaseUrl: string): void {
  const link = {
    tags: ["Campaigns"],
    servers: [{ url: publicBaseUrl, description: "Tracked links sit beside /v1" }],
    security: [],
    request: {
      params: z.object({
        code: z.string().openapi({
          param: { name: "code", in: "path", description: "The link's code (10 letters or digits)." },
        }),
      }),
    },
  };
  const responses = {
    "302": {
      description: "To the link's original target",
      headers: { Location: { description: "The original link target.", schema: { type: "string" } } },
    },
    "404": {
      description: "No such link: an HTML page",
      content: { "text/html": { schema: { type: "string" } } },
    },
    "503": { $ref: "#/components/responses/Unavailable" },
  } as const;
  registry.registerPath({
    ...link,
    method: "get",
    path: "/l/{code}",
    operationId: "followTrackedLink",
    summary: "Follow a tracked link (extension)",
    description:
      "Where `track_links` rewrote a campaign message's links: no API key. Redirects to the target stored " +
      "for the code, never one the request names. A recipient's first click stamps `clicked_at` on them " +
      "and counts in the campaign's `link_clicks` (recipients who clicked at least once).",
    responses,
  });
  registry.registerPath({
    ...link,
    method: "head",
    path: "/l/{code}",
    operationId: "headTrackedLink",
    summary: "Check a tracked link (extension)",
    description: "The same redirect as `GET`, for link previews and scanners; counts no click.",
    responses,
  });
}

/** `GET /contacts/{id}/campaigns`: campaigns' own, though its path sits under a contact. */
export function registerContactCampaigns(registry: OpenAPIRegistry): void {
  const entry = component(
    registry,
    "ContactCampaign",
    described(ContactCampaign, {
      recipient_state:
        "Where this contact stands in the campaign, as `GET /campaigns/{id}/contacts` names it.",
      skip_reason: "Why a `skipped` recipient was skipped.",
      not_before: "While pending: not sent before this time.",
      sent_at: "When the message was handed to the channel.",
      responded_at: "When the contact first replied within the attribution window.",
      unsubscribed_at: "When the contact opted out within the attribution window.",
      clicked_at: "When the contact first opened one of their tracked links.",
    }),
  );
  registry.registerPath({
    method: "get",
    path: "/contacts/{id}/campaigns",
    operationId: "getContactCampaigns",
    tags: ["Contacts"],
    summary: "The campaigns a contact was a recipient of (extension)",
    description:
      "Newest first (when sent, else when due), each with the contact's `recipient_state` and times. " +
      "An agent's session sees only the campaigns sent from their channels. 404 for a contact that is not " +
      "the organization's.",
    request: { params: PathId, query: ListQuery },
    responses: {
      "200": json(
        component(registry, "ContactCampaignList", listOf(entry)),
        "A page of the contact's campaigns",
      ),
      ...errorResponses("404", "422"),
    },
  });
}
