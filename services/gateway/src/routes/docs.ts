import { type AppEnv, errorBody } from "@relay/service-kit";
import { Hono } from "hono";
import type { GatewayDeps } from "../deps.js";
import { DOCS_INIT_SCRIPT, docsCsp, docsPage } from "../docs/docs-page.js";
import { swaggerAssets } from "../docs/swagger-assets.js";

/** Public, keyless: the OpenAPI document and the interactive docs page with its assets. */
export function docsRoutes(deps: GatewayDeps) {
  const routes = new Hono<AppEnv>();
  const asset = swaggerAssets();
  const page = docsPage("Relay API reference");
  const document = JSON.stringify(deps.openApiDocument);
  const csp = docsCsp(deps.publicBaseUrl);

  routes.get("/v1/openapi.json", (c) => {
    c.header("cache-control", "no-cache");
    return c.body(document, 200, { "content-type": "application/json; charset=utf-8" });
  });
  routes.get("/docs", (c) => {
    c.header("content-security-policy", csp);
    return c.html(page);
  });
  routes.get("/docs/", (c) => c.redirect("/docs", 301));
  routes.get("/docs/assets/init.js", (c) =>
    c.body(DOCS_INIT_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  routes.get("/docs/assets/:name", async (c) => {
    const found = await asset(c.req.param("name"));
    if (!found) return c.json(errorBody("not_found", 404, "asset not found", c.get("requestId")), 404);
    return c.body(found.body, 200, {
      "content-type": found.contentType,
      "cache-control": "public, max-age=86400",
    });
  });
  return routes;
}
