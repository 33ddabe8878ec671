import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  BulkCustomEvents,
  CreateDeveloperApplication,
  CreateDeveloperEndpoint,
  CustomEvent,
  CustomEventRequest,
  DeveloperApplication,
  DeveloperEndpoint,
  dataOf,
  ListDeliveriesQuery,
  listOf,
  MAX_BULK_CUSTOM_EVENTS,
  PUBLIC_EVENT_NAMES,
  ReplayEndpoint,
  ReplayResult,
  UpdateDeveloperApplication,
  UpdateDeveloperEndpoint,
  WebhookDelivery,
  WebhookDeliveryStatus,
} from "@relay/domain";
import { deleted, errorResponses, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component, z } from "./zod.js";

const NAMES = PUBLIC_EVENT_NAMES.map((name) => `\`${name}\``).join(", ");
const SIGNING =
  "Every delivery is a `POST` of `{data, event, request_id, organization_id, timestamp}` signed with the " +
  "endpoint's secret: Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 " +
  "HMAC-SHA256>`, one signature per valid secret, space-separated) and `X-Whippy-Signature` (hex HMAC-SHA256 of the " +
  "raw body, keyed with the secret's bytes after `whsec_`). A 2xx within 15 s is success; anything else (a redirect " +
  "too: none is followed) is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h (±10%), for 5 days. " +
  "`410 Gone` disables the endpoint at once; an endpoint failing for 5 days is disabled with its reason.";

const EndpointPath = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path", description: "Endpoint UUID." } }),
});
const DeliveryPath = EndpointPath.extend({
  delivery_id: z
    .uuid()
    .openapi({ param: { name: "delivery_id", in: "path", description: "Delivery UUID." } }),
});

/** The webhooks service's routes: developer applications and endpoints (Whippy's paths), deliveries, custom events. */
export function registerWebhooks(registry: OpenAPIRegistry): void {
  const tags = ["Webhooks"];
  const application = component(registry, "DeveloperApplication", DeveloperApplication);
  const endpoint = component(registry, "DeveloperEndpoint", DeveloperEndpoint);
  const delivery = component(registry, "WebhookDelivery", WebhookDelivery);
  const customEvent = component(registry, "CustomEvent", CustomEvent);
  const customEventRequest = component(registry, "CustomEventRequest", CustomEventRequest);

  const app = (method: "get" | "post" | "put" | "delete", path: string, spec: Record<string, unknown>) =>
    registry.registerPath({ method, path, tags, ...spec } as Parameters<OpenAPIRegistry["registerPath"]>[0]);

  app("get", "/developers/applications", {
    operationId: "getDeveloperApplications",
    summary: "List developer applications",
    request: { query: ListQuery },
    responses: { "200": json(listOf(application), "A page of applications"), ...errorResponses("422") },
  });
  app("post", "/developers/applications", {
    operationId: "createDeveloperApplication",
    summary: "Create a developer application",
    description:
      "A named group of endpoints. Disabling it (`active: false`) stops deliveries to all of them.",
    request: { body: jsonBody(CreateDeveloperApplication) },
    responses: { "201": json(dataOf(application), "Created"), ...errorResponses("422") },
  });
  for (const [method, operationId, summary] of [
    ["get", "getDeveloperApplication", "Show a developer application"],
    ["put", "updateDeveloperApplication", "Change a developer application"],
    ["delete", "deleteDeveloperApplication", "Delete a developer application and its endpoints"],
  ] as const) {
    app(method, "/developers/applications/{id}", {
      operationId,
      summary,
      request: {
        params: PathId,
        ...(method === "put" ? { body: jsonBody(UpdateDeveloperApplication) } : {}),
      },
      responses: {
        "200": json(method === "delete" ? deleted() : dataOf(application), "Done"),
        ...errorResponses("404", "422"),
      },
    });
  }

  app("get", "/developers/endpoints", {
    operationId: "getDeveloperEndpoints",
    summary: "List developer endpoints",
    request: {
      query: ListQuery.extend({
        developer_application_id: z.uuid().optional().describe("Endpoints of this application."),
      }),
    },
    responses: { "200": json(listOf(endpoint), "A page of endpoints"), ...errorResponses("422") },
  });
  app("post", "/developers/endpoints", {
    operationId: "createDeveloperEndpoint",
    summary: "Register a webhook endpoint",
    description:
      `The answer is the only one that shows \`signing_secret\`: keep it. \`event_types\`: names (${NAMES}), ` +
      "`<resource>.*` or `*`. `url` must be https and resolve to public addresses only (private, loopback and " +
      "link-local targets are refused, at registration and again at every connection); http to this machine only " +
      "where the operator set `WEBHOOKS_ALLOW_LOCALHOST`. `developer_application_id` names one of your applications; " +
      "an id you have none with yet is created (as Whippy's published clients send a fixed one), and without it the " +
      `endpoint joins your first application. Extra fields are ignored. ${SIGNING}`,
    request: { body: jsonBody(CreateDeveloperEndpoint) },
    responses: { "201": json(dataOf(endpoint), "Registered (with its secret)"), ...errorResponses("422") },
  });
  for (const [method, operationId, summary, description] of [
    ["get", "getDeveloperEndpoint", "Show a developer endpoint", undefined],
    [
      "put",
      "updateDeveloperEndpoint",
      "Change a developer endpoint",
      "`active: true` enables it again and clears `disabled_reason`.",
    ],
    ["delete", "deleteDeveloperEndpoint", "Delete a developer endpoint and its delivery log", undefined],
  ] as const) {
    app(method, "/developers/endpoints/{id}", {
      operationId,
      summary,
      ...(description ? { description } : {}),
      request: {
        params: EndpointPath,
        ...(method === "put" ? { body: jsonBody(UpdateDeveloperEndpoint) } : {}),
      },
      responses: {
        "200": json(method === "delete" ? deleted() : dataOf(endpoint), "Done"),
        ...errorResponses("404", "422"),
      },
    });
  }
  app("post", "/developers/endpoints/{id}/rotate_secret", {
    operationId: "rotateDeveloperEndpointSecret",
    summary: "Rotate an endpoint's signing secret (extension)",
    description:
      "A new secret, shown in this answer only. For 24 hours (`previous_secret_expires_at`) deliveries carry a " +
      "signature with each secret, so a receiver can switch at its own pace; then the old one stops signing.",
    request: { params: EndpointPath },
    responses: { "200": json(dataOf(endpoint), "Rotated (with the new secret)"), ...errorResponses("404") },
  });
  app("get", "/developers/endpoints/{id}/deliveries", {
    operationId: "getWebhookDeliveries",
    summary: "An endpoint's delivery log (extension)",
    description:
      "Newest first: each event sent to the endpoint, its status (`pending`, `succeeded`, `failed`: given up, " +
      "`canceled`: the endpoint was disabled), attempts, the last answer's code, latency and first 1 KiB.",
    request: {
      params: EndpointPath,
      query: ListQuery.extend({
        status: WebhookDeliveryStatus.optional().describe("Deliveries in this status."),
        event: ListDeliveriesQuery.shape.event.describe("Deliveries of this event name."),
      }),
    },
    responses: { "200": json(listOf(delivery), "A page of deliveries"), ...errorResponses("404", "422") },
  });
  app("get", "/developers/endpoints/{id}/deliveries/{delivery_id}", {
    operationId: "getWebhookDelivery",
    summary: "Show a delivery (extension)",
    request: { params: DeliveryPath },
    responses: { "200": json(dataOf(delivery), "The delivery"), ...errorResponses("404") },
  });
  app("post", "/developers/endpoints/{id}/deliveries/{delivery_id}/retry", {
    operationId: "retryWebhookDelivery",
    summary: "Send a delivery again now (extension)",
    description: "Whatever its status; the endpoint must be enabled (422 otherwise).",
    request: { params: DeliveryPath },
    responses: { "202": json(dataOf(delivery), "Queued"), ...errorResponses("404", "422") },
  });
  app("post", "/developers/endpoints/{id}/replay", {
    operationId: "replayWebhookEndpoint",
    summary: "Send every event since a time again (extension)",
    description:
      "Every event the endpoint subscribes to whose time is at or after `since` (and before `until`), in order, " +
      "as new deliveries: same `webhook-id` and body as the first time. The endpoint must be enabled.",
    request: { params: EndpointPath, body: jsonBody(ReplayEndpoint) },
    responses: { "202": json(dataOf(ReplayResult), "Queued"), ...errorResponses("404", "422") },
  });
  app("post", "/developers/endpoints/{id}/test", {
    operationId: "testWebhookEndpoint",
    summary: "Send a test event (extension)",
    description: "An `endpoint.test` event to this endpoint only (never replayed), signed as any other.",
    request: { params: EndpointPath },
    responses: { "202": json(dataOf(delivery), "Queued"), ...errorResponses("404", "422") },
  });

  app("post", "/custom_events", {
    operationId: "createCustomEvent",
    summary: "Create a custom event",
    description:
      "Stored, listed on each associated contact's timeline, and sent to endpoints as `custom_event.created`. " +
      "An `external_id` you sent before answers that earlier event (nothing new is stored or sent).",
    request: { body: jsonBody(customEventRequest) },
    responses: { "201": json(dataOf(customEvent), "Event created"), ...errorResponses("422") },
  });
  app("post", "/custom_events/bulk", {
    operationId: "createBulkCustomEvents",
    summary: "Create custom events in bulk",
    description: `Up to ${MAX_BULK_CUSTOM_EVENTS} events, checked whole (422 names \`events.<i>.<field>\`) and then stored at once.`,
    request: { body: jsonBody(BulkCustomEvents) },
    responses: {
      "202": json(
        dataOf(z.object({ message: z.string(), accepted: z.int(), events: z.int() })),
        "Events accepted (`events`: how many distinct events, duplicates by external_id counted once)",
      ),
      ...errorResponses("422"),
    },
  });
  app("get", "/contacts/{id}/events", {
    operationId: "getContactEvents",
    summary: "A contact's custom events (extension)",
    description: "Newest first by `timestamp`. Another organization's contact is 404.",
    request: { params: PathId, query: ListQuery },
    responses: {
      "200": json(listOf(customEvent), "A page of custom events"),
      ...errorResponses("404", "422"),
    },
  });
}
