import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { WebDeps } from "../deps.js";

const INDEX = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relay</title>
<link rel="stylesheet" href="/app/assets/main.css">
</head>
<body>
<div id="root"></div>
<script type="module" src="/app/assets/main.js"></script>
</body>
</html>`;

/** The built app: its assets, and its page for every other `/app` path (the app routes itself). */
export function assetRoutes(deps: WebDeps) {
  const app = new Hono<AppEnv>();
  app.get("/assets/:name", (c) => {
    const asset = deps.assets.get(c.req.param("name"));
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { "content-type": asset.type, "cache-control": "no-cache" });
  });
  const page = () =>
    new Response(INDEX, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-cache",
        "content-security-policy":
          "default-src 'self'; img-src 'self' data: https:; media-src 'self' https:; style-src 'self'; frame-ancestors 'none'",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
      },
    });
  app.get("/", page);
  app.get("/*", page);
  return app;
}
