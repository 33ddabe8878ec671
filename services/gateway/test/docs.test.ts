import type { RunningService } from "@relay/service-kit";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceFor } from "../src/proxy/routing-table.js";
import { type GatewayStack, startStack } from "./harness.js";

let stack: GatewayStack;
let gateway: RunningService;

beforeAll(async () => {
  stack = await startStack();
  gateway = await stack.gateway({ PUBLIC_BASE_URL: "https://api.example.test" });
});
afterAll(() => stack?.stop());

interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: { name: string; in: string; schema: SchemaObject }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: SchemaObject }> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
  security?: unknown;
  servers?: { url: string }[];
}

interface SchemaObject {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}

interface OpenApiDoc {
  openapi: string;
  info: { title: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, SchemaObject>;
    securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
  };
}

describe("GET /v1/openapi.json", () => {
  let doc: OpenApiDoc;
  beforeAll(async () => {
    const res = await fetch(`${gateway.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    doc = (await res.json()) as OpenApiDoc;
  });

  it("is a valid OpenAPI 3.0 document", async () => {
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.0\./);
  });

  it("names the public server and both ways to send the API key", () => {
    expect(doc.servers[0]?.url).toBe("https://api.example.test/v1");
    expect(doc.components.securitySchemes.WhippyApiKey).toEqual(
      expect.objectContaining({ type: "apiKey", in: "header", name: "X-WHIPPY-KEY" }),
    );
    expect(doc.components.securitySchemes.BearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.info.description).toContain("POST https://api.example.test/admin/organizations");
  });

  it("documents the implemented routes with their schemas", () => {
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods("/contacts")).toEqual(["get", "post"]);
    expect(methods("/contacts/{id}")).toEqual(["delete", "get", "put"]);
    expect(methods("/contacts/search")).toEqual(["post"]);
    expect(methods("/contacts/upsert")).toEqual(["put"]);
    expect(methods("/channels")).toEqual(["get", "post"]);
    expect(methods("/channels/{id}/users")).toEqual(["get", "put"]);
    expect(methods("/users/{id}")).toEqual(["delete", "get", "put"]);
    expect(methods("/teams")).toEqual(["get", "post"]);
    expect(methods("/api_keys/{id}")).toEqual(["delete", "put"]);
    expect(methods("/automations/templates")).toEqual(["get", "post"]);
    expect(methods("/automations/templates/{id}")).toEqual(["delete", "get", "put"]);
    const created = doc.paths["/contacts"]?.post?.responses["201"];
    expect(JSON.stringify(created)).toContain("#/components/schemas/ContactResponse");
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["Contact", "Channel", "User", "Team", "ApiKey", "Error"]),
    );
  });

  it("gives every API-key operation the 401 and 429 answers, and routes every path it lists", () => {
    // Paths whose operations name their own server (admin, tracked links) sit beside /v1.
    const apiPaths = Object.keys(doc.paths).filter((path) =>
      Object.values(doc.paths[path] ?? {}).every((op) => op.servers === undefined),
    );
    expect(apiPaths.length).toBeGreaterThan(10);
    for (const path of apiPaths) {
      expect(serviceFor(`/v1${path.replaceAll(/\{[^}]+\}/g, "1")}`), path).toBeDefined();
      for (const [method, op] of Object.entries(doc.paths[path] ?? {})) {
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(["401", "429"]),
        );
      }
    }
  });

  it("names every operation once", () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("documents every campaign route, the contract's and the extensions", () => {
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods("/campaigns")).toEqual(["get", "post"]);
    expect(methods("/campaigns/{id}")).toEqual(["get", "put"]);
    for (const action of ["contacts", "preview", "analytics"])
      expect(methods(`/campaigns/{id}/${action}`)).toEqual(["get"]);
    for (const action of ["duplicate", "send", "pause", "resume", "cancel"])
      expect(methods(`/campaigns/{id}/${action}`), action).toEqual(["post"]);
    expect(methods("/messaging/sms/campaign")).toEqual(["post"]);
    expect(methods("/campaigns/sms")).toEqual(["post"]);
    expect(methods("/l/{code}")).toEqual(["get", "head"]);

    // The contract's four operations keep its ids and statuses; every other one is an extension.
    const contract: Record<string, [string, string, string]> = {
      sendCampaign: ["post", "/messaging/sms/campaign", "202"],
      getCampaigns: ["get", "/campaigns", "200"],
      getCampaign: ["get", "/campaigns/{id}", "200"],
      getCampaignContacts: ["get", "/campaigns/{id}/contacts", "200"],
    };
    for (const [id, [method, path, status]] of Object.entries(contract)) {
      const op = doc.paths[path]?.[method];
      expect(op?.operationId, `${method} ${path}`).toBe(id);
      expect(Object.keys(op?.responses ?? {}), id).toContain(status);
      expect(op?.summary, id).not.toContain("(extension)");
    }
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith("/campaigns") && !path.startsWith("/l/")) continue;
      for (const [method, op] of Object.entries(ops)) {
        if (op.operationId && op.operationId in contract) continue;
        expect(op.summary, `${method} ${path}`).toMatch(/\(extension\)$/);
      }
    }

    const list = doc.paths["/campaigns"]?.get?.parameters ?? [];
    expect(list.map((p) => p.name).sort()).toEqual(["limit", "offset", "status[]", "title"]);
    expect(list.find((p) => p.name === "status[]")?.schema.items?.enum).toEqual([
      "draft",
      "scheduled",
      "sending",
      "paused",
      "completed",
      "cancelled",
    ]);
    const responses = (path: string, method = "post") =>
      Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(responses("/campaigns/{id}", "put")).toEqual(expect.arrayContaining(["404", "409", "422"]));
    expect(responses("/campaigns/{id}/send")).toEqual(expect.arrayContaining(["404", "409", "422"]));
    for (const action of ["pause", "resume", "cancel"])
      expect(responses(`/campaigns/{id}/${action}`), action).toEqual(expect.arrayContaining(["404", "409"]));
    expect(responses("/campaigns/{id}/duplicate")).toContain("201");
    expect(doc.paths["/campaigns/{id}/duplicate"]?.post?.requestBody?.required).toBe(false);
  });

  it("documents the campaign schemas with the contract's fields and ours", () => {
    const schema = (name: string) => doc.components.schemas[name] ?? {};
    const fields = (name: string) => Object.keys(schema(name).properties ?? {});
    expect(fields("Campaign")).toEqual(
      expect.arrayContaining([
        // the contract's Campaign
        "campaign_id",
        "campaign_title",
        "sent_messages",
        "slated_messages",
        "failed_deliveries",
        "responses",
        "link_clicks",
        "unsubscribes",
        // ours
        "status",
        "audience",
        "track_links",
        "recipients",
        "skipped",
      ]),
    );
    expect(fields("SendCampaignRequest")).toEqual(
      expect.arrayContaining(["from", "title", "body", "attachments", "schedule_at", "contacts"]),
    );
    // `body` or (our extension) `template_id`: exactly one, so neither is required on its own.
    expect(schema("SendCampaignRequest").required?.sort()).toEqual(["contacts", "from"]);
    expect(fields("SendCampaignRequest")).toContain("template_id");
    expect(schema("SendCampaignRequest").properties?.contacts?.items?.$ref).toBe(
      "#/components/schemas/UpsertContactRow",
    );

    const audience = schema("CreateCampaignRequest").properties?.audience;
    expect(audience?.properties?.contacts?.items?.$ref).toBe("#/components/schemas/UpsertContactRow");
    const exclude = audience?.properties?.exclude?.properties ?? {};
    expect(exclude.campaigns_within_days).toMatchObject({ type: "integer", minimum: 1, maximum: 365 });
    expect(exclude.replied_within_hours).toMatchObject({ type: "integer", minimum: 1, maximum: 720 });
    for (const name of ["CreateCampaignRequest", "UpdateCampaignRequest"]) {
      expect(schema(name).properties?.track_links?.type, name).toBe("boolean");
      expect(Object.keys(schema(name).properties?.audience?.properties ?? {}), name).toContain("exclude");
    }
    expect(schema("Campaign").properties?.track_links?.type).toBe("boolean");
    expect(schema("Campaign").properties?.audience?.properties?.exclude).toBeDefined();
    expect(fields("DuplicateCampaignRequest")).toEqual(["title"]);
    expect(fields("CampaignContact")).toEqual(
      expect.arrayContaining(["recipient_state", "skip_reason", "clicked_at"]),
    );

    const excluded = schema("CampaignPreview").properties?.excluded;
    expect(excluded?.required?.sort()).toEqual([
      "missing_variable",
      "no_address",
      "opted_out",
      "recent_campaign",
      "recently_replied",
    ]);
  });

  it("documents a contact's consent history and campaigns, as extensions", () => {
    const contactPaths = Object.keys(doc.paths).filter((path) => path.startsWith("/contacts"));
    // The contract's seven, tags (2), sequences, custom object records, events, and these two.
    expect(contactPaths.length).toBe(14);
    for (const path of ["/contacts/{id}/communication_preferences/history", "/contacts/{id}/campaigns"]) {
      const op = doc.paths[path]?.get;
      expect(Object.keys(doc.paths[path] ?? {}), path).toEqual(["get"]);
      expect(op?.summary, path).toMatch(/\(extension\)$/);
      expect(Object.keys(op?.responses ?? {}), path).toEqual(expect.arrayContaining(["200", "404", "422"]));
    }
    const params = (path: string) => (doc.paths[path]?.get?.parameters ?? []).map((p) => p.name).sort();
    expect(params("/contacts/{id}/communication_preferences/history")).toEqual([
      "channel_id",
      "id",
      "limit",
      "offset",
    ]);
    expect(params("/contacts/{id}/campaigns")).toEqual(["id", "limit", "offset"]);
    const fields = (name: string) => Object.keys(doc.components.schemas[name]?.properties ?? {});
    expect(fields("ConsentHistoryEntry")).toEqual(
      expect.arrayContaining([
        "channel_id",
        "channel_type",
        "opt_in",
        "source",
        "detail",
        "changed_by",
        "user_id",
      ]),
    );
    expect(fields("ContactCampaign")).toEqual(
      expect.arrayContaining(["campaign_id", "campaign_title", "recipient_state", "sent_at", "updated_at"]),
    );
  });

  it("documents every sequence route, the contract's and the extensions", () => {
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods("/sequences")).toEqual(["get", "post"]);
    expect(methods("/sequences/{id}")).toEqual(["get", "put"]);
    expect(methods("/sequences/{id}/contacts")).toEqual(["delete", "get", "post"]);
    for (const action of ["activate", "archive"])
      expect(methods(`/sequences/{id}/${action}`), action).toEqual(["post"]);
    expect(methods("/sequences/runs")).toEqual(["get"]);
    expect(methods("/sequences/runs/{id}")).toEqual(["get"]);
    expect(Object.keys(doc.paths).filter((path) => path.startsWith("/sequences")).length).toBe(12);
    expect(methods("/sequences/{id}/signing_secret")).toEqual(["get"]);
    expect(methods("/sequences/{id}/rotate_secret")).toEqual(["post"]);
    expect(methods("/sequences/{id}/sequence_runs")).toEqual(["get"]);
    expect(methods("/sequences/{id}/sequence_runs/{run_id}")).toEqual(["get"]);
    expect(methods("/sequences/{id}/migrate_runs")).toEqual(["post"]);

    // The contract's six operations keep its ids and statuses; every other one is an extension.
    const contract: Record<string, [string, string, string]> = {
      getSequences: ["get", "/sequences", "200"],
      getSequence: ["get", "/sequences/{id}", "200"],
      getSequenceContacts: ["get", "/sequences/{id}/contacts", "200"],
      createSequenceContacts: ["post", "/sequences/{id}/contacts", "202"],
      removeSequenceContacts: ["delete", "/sequences/{id}/contacts", "202"],
      getSequenceRuns: ["get", "/sequences/runs", "200"],
    };
    for (const [id, [method, path, status]] of Object.entries(contract)) {
      const op = doc.paths[path]?.[method];
      expect(op?.operationId, `${method} ${path}`).toBe(id);
      expect(Object.keys(op?.responses ?? {}), id).toContain(status);
      expect(op?.summary, id).not.toContain("(extension)");
    }
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith("/sequences")) continue;
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses, `${method} ${path}`).toHaveProperty("401");
        // No sequence route answers 409: enrolling into a sequence that is not active is a 422.
        expect(op.responses, `${method} ${path}`).not.toHaveProperty("409");
        if (op.operationId && op.operationId in contract) continue;
        expect(op.summary, `${method} ${path}`).toMatch(/\(extension\)$/);
      }
    }

    const responses = (path: string, method = "post") =>
      Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(responses("/sequences")).toEqual(expect.arrayContaining(["201", "422"]));
    expect(responses("/sequences/{id}", "put")).toEqual(expect.arrayContaining(["200", "404", "422"]));
    expect(responses("/sequences/{id}/contacts")).toEqual(expect.arrayContaining(["202", "404", "422"]));
    expect(responses("/sequences/{id}/contacts", "delete")).toEqual(
      expect.arrayContaining(["202", "404", "422"]),
    );
    for (const action of ["activate", "archive"])
      expect(responses(`/sequences/{id}/${action}`), action).toEqual(expect.arrayContaining(["200", "404"]));
    expect(responses("/sequences/runs/{id}", "get")).toEqual(expect.arrayContaining(["200", "404"]));

    const header = (path: string, method: string) =>
      (doc.paths[path]?.[method]?.parameters ?? []).some((p) => p.name === "Idempotency-Key");
    expect(header("/sequences", "post")).toBe(true);
    expect(header("/sequences/{id}/contacts", "post")).toBe(true);
    expect(header("/sequences/{id}", "put")).toBe(false);
    expect(header("/sequences/{id}/contacts", "delete")).toBe(false);
    const params = (path: string, method = "get") =>
      (doc.paths[path]?.[method]?.parameters ?? []).map((p) => p.name).sort();
    const runFilters = ["after", "before", "channel_id", "contact_id", "limit", "offset", "phone", "status"];
    expect(params("/sequences/runs")).toEqual([...runFilters, "sequence_id"].sort());
    expect(params("/sequences/{id}/sequence_runs")).toEqual([...runFilters, "id"].sort());
    expect(params("/sequences/{id}/contacts", "delete")).toEqual(["contact_id", "id"]);
    expect(doc.paths["/sequences/{id}/contacts"]?.delete?.requestBody?.required).toBe(false);
  });

  it("documents the sequence schemas with the contract's fields and ours", () => {
    const schema = (name: string) => doc.components.schemas[name] ?? {};
    const fields = (name: string) => Object.keys(schema(name).properties ?? {});
    expect(fields("Sequence")).toEqual(
      expect.arrayContaining(["id", "title", "channel_id", "steps", "created_at", "updated_at", "status"]),
    );
    expect(fields("Sequence")).toEqual(expect.arrayContaining(["version", "from", "settings"]));
    expect(schema("Sequence").properties?.steps?.items?.$ref).toBe("#/components/schemas/SequenceStep");
    expect(schema("Sequence").properties?.status?.enum).toEqual(["draft", "active", "archived"]);
    // The contract's `delay` is an integer (seconds); the duration as written sits beside it.
    expect(schema("SequenceStep").properties?.delay?.type).toBe("integer");
    expect(fields("SequenceStep")).toEqual(
      expect.arrayContaining([
        "id",
        "key",
        "type",
        "body",
        "delay",
        "delay_duration",
        "on_reply",
        "otherwise",
      ]),
    );
    expect(fields("SequenceRun")).toEqual(
      expect.arrayContaining(["id", "sequence_id", "contact_id", "status", "created_at", "stop_reason"]),
    );
    expect(schema("SequenceRun").properties?.status?.enum).toEqual(["active", "completed", "stopped"]);
    expect(schema("SequenceList").properties?.data?.items?.$ref).toBe("#/components/schemas/Sequence");
    // A sequence contact's run is `run_status`: the contract's `Contact.state` is the contact's own.
    expect(fields("SequenceContact")).toEqual(expect.arrayContaining(["id", "run_id", "run_status"]));
    expect(fields("SequenceContact")).not.toContain("state");
    const history = schema("SequenceRunResponse").properties?.data?.properties?.steps;
    expect(history?.items?.$ref).toBe("#/components/schemas/SequenceRunStep");
    expect(fields("SequenceRunStep")).toEqual(
      expect.arrayContaining(["step_id", "step_key", "state", "outcome", "due_at", "reply", "next_step_id"]),
    );

    const create = schema("CreateSequenceRequest");
    expect(create.required?.sort()).toEqual(["steps", "title"]);
    expect(fields("CreateSequenceRequest")).toEqual(
      expect.arrayContaining(["title", "from", "channel_id", "steps", "settings"]),
    );
    expect(create.properties?.steps?.items?.$ref).toBe("#/components/schemas/SequenceStepInput");
    expect(fields("UpdateSequenceRequest")).toEqual(
      expect.arrayContaining(["title", "from", "channel_id", "steps", "settings"]),
    );
    expect(schema("UpdateSequenceRequest").required ?? []).toEqual([]);
    const inputs = [
      "SendStepInput",
      "WaitForReplyStepInput",
      "BranchStepInput",
      "CollectStepInput",
      "TagStepInput",
      "AssignStepInput",
      "WebhookStepInput",
      "MoveStepInput",
      "EndStepInput",
    ];
    expect((schema("SequenceStepInput") as { oneOf?: SchemaObject[] }).oneOf?.map((s) => s.$ref)).toEqual(
      inputs.map((name) => `#/components/schemas/${name}`),
    );
    expect(schema("SendStepInput").properties?.delay?.properties?.unit?.enum).toEqual([
      "minutes",
      "hours",
      "days",
    ]);
    expect(schema("WaitForReplyStepInput").required?.sort()).toEqual([
      "on_reply",
      "on_timeout",
      "timeout",
      "type",
    ]);
    expect(fields("SequenceSettings").sort()).toEqual([
      "on_takeover",
      "quiet_hours",
      "re_entry",
      "stop_on_reply",
      "triggers",
    ]);
    expect(schema("CollectStepInput").required?.sort()).toEqual(["answer", "field", "timeout", "type"]);
    // Webhook steps: the call, the rules on its answer, and what the history keeps of it.
    expect(schema("WebhookStepInput").required?.sort()).toEqual(["type", "url"]);
    expect(schema("WebhookStepInput").properties?.method?.enum).toEqual(["POST", "PUT", "PATCH", "GET"]);
    expect(schema("WebhookStepInput").properties?.rules?.items?.$ref).toBe(
      "#/components/schemas/WebhookStepRule",
    );
    expect(fields("SendStepInput")).toEqual(expect.arrayContaining(["subject", "template", "on_failure"]));
    expect(fields("SequenceRunStep")).toEqual(expect.arrayContaining(["error", "webhook"]));
    expect(fields("SequenceSigningSecretResponse")).toEqual(["data"]);
    expect(schema("CollectStepInput").properties?.answer?.enum).toEqual([
      "text",
      "number",
      "email",
      "date",
      "yes_no",
    ]);
    expect(fields("SequenceRun")).toEqual(expect.arrayContaining(["paused_at", "paused_by"]));

    const enroll = schema("CreateSequenceContactsRequest");
    expect(enroll.required).toEqual(["to"]);
    expect(enroll.properties?.to?.items?.$ref).toBe("#/components/schemas/UpsertContactRow");
    expect(fields("CreateSequenceContactsRequest")).toEqual(
      expect.arrayContaining(["to", "from", "step_id", "schedule_at", "custom_data", "voice_options"]),
    );
    expect(schema("RemoveSequenceContactsRequest").properties?.contacts?.items?.properties).toHaveProperty(
      "id",
    );
    expect(schema("SequenceContactsAccepted").properties?.data?.properties?.message?.type).toBe("string");
  });

  it("documents the tracked-link redirect beside /v1, without an API key", () => {
    const op = doc.paths["/l/{code}"]?.get;
    expect(op?.servers?.[0]?.url).toBe("https://api.example.test");
    expect(op?.security).toEqual([]);
    expect(op?.responses["302"]?.headers).toHaveProperty("Location");
    expect(op?.responses["404"]?.content).toHaveProperty(["text/html"]);
  });

  it("documents the admin bootstrap route with the admin token", () => {
    const op = doc.paths["/admin/organizations"]?.post;
    expect(op?.security).toEqual([{ AdminToken: [] }]);
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["201", "401", "422"]));
  });
});

describe("GET /docs", () => {
  it("serves an HTML page whose every asset comes from the gateway itself", async () => {
    const res = await fetch(`${gateway.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self' https://api.example.test;");
    const html = await res.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(urls.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/https?:\/\//);
    for (const url of urls) {
      expect(url.startsWith("/docs/assets/"), url).toBe(true);
      const asset = await fetch(`${gateway.url}${url}`);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
  });

  it("redirects /docs/ to /docs", async () => {
    const res = await fetch(`${gateway.url}/docs/`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/docs");
  });

  it("serves the Swagger UI bundle as JavaScript, and nothing outside its allow-list", async () => {
    const bundle = await fetch(`${gateway.url}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    for (const name of ["package.json", "..%2F..%2Fpackage.json", "index.js"]) {
      expect((await fetch(`${gateway.url}/docs/assets/${name}`)).status, name).toBe(404);
    }
  });
});

describe("health", () => {
  it("is alive and ready", async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
