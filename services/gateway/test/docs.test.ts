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

interface OpenApiDoc {
  openapi: string;
  info: { title: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown }>>;
  components: {
    schemas: Record<string, unknown>;
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
    const created = doc.paths["/contacts"]?.post?.responses["201"];
    expect(JSON.stringify(created)).toContain("#/components/schemas/ContactResponse");
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(["Contact", "Channel", "User", "Team", "ApiKey", "Error"]),
    );
  });

  it("gives every API-key operation the 401 and 429 answers, and routes every path it lists", () => {
    const apiPaths = Object.keys(doc.paths).filter((path) => !path.startsWith("/admin"));
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
