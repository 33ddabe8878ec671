import { readFileSync } from "node:fs";
import { PUBLIC_EVENT_NAMES } from "@relay/domain";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../src/openapi/document.js";

/** The README a new user reads beside `/docs`: the two must not name different routes. */
const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const doc = buildOpenApiDocument({ publicBaseUrl: "http://127.0.0.1:8080" });

const VERB = "(?:GET|POST|PUT|PATCH|DELETE|HEAD)";
/** `GET /v1/a/{id}`, `GET/PUT /v1/a`, `POST /v1/messaging/sms|email`: one entry per method and path. */
function readmeRoutes(text: string): string[] {
  const mention = new RegExp(`(${VERB}(?:/${VERB})*) \`?/v1(/[A-Za-z0-9_/{}|.-]+)`, "g");
  return [...text.matchAll(mention)].flatMap(([, verbs = "", rawPath = ""]) => {
    const path = rawPath.replace(/[.|/]+$/, "");
    const segments = path.split("/");
    const last = segments.pop() ?? "";
    return last
      .split("|")
      .flatMap((alt) => verbs.split("/").map((verb) => `${verb} ${[...segments, alt].join("/")}`));
  });
}
/** Named by the README only to say they are absent (the document itself, the contract's fax). */
const NOT_ROUTES = new Set(["GET /openapi.json", "POST /messaging/fax"]);
const shape = (route: string) => route.replaceAll(/\{[^}]+\}/g, "{}");

describe("the README and the OpenAPI document", () => {
  it("documents in OpenAPI every route the README names", () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops ?? {}).map((method) => shape(`${method.toUpperCase()} ${path}`)),
      ),
    );
    const named = readmeRoutes(readme).filter((route) => !NOT_ROUTES.has(route));
    expect(named.length).toBeGreaterThan(50);
    expect([...new Set(named.map(shape))].filter((route) => !documented.has(route))).toEqual([]);
  });

  it("lists every event type an endpoint may subscribe to", () => {
    const listed = new Set(
      [...readme.matchAll(/`([a-z_]+)\.([a-z_|]+)`/g)].flatMap(([, resource, actions = ""]) =>
        actions.split("|").map((action) => `${resource}.${action}`),
      ),
    );
    expect(PUBLIC_EVENT_NAMES.filter((name) => !listed.has(name))).toEqual([]);
  });
});
