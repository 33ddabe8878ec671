import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { WebDeps } from "../deps.js";

/** Vite's file names carry a hash of their content, so a name is never reused for other bytes. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/** The built app: its hashed assets, and its page for every other `/app` path (the app routes itself). */
export function assetRoutes(deps: Pick<WebDeps, "client">) {
  const app = new Hono<AppEnv>();
  app.get("/assets/:name", (c) => {
    const asset = deps.client.files.get(c.req.param("name"));
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { "content-type": asset.type, "cache-control": IMMUTABLE });
  });
  const page = () =>
    new Response(deps.client.page, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        // The page names this build's assets: always asked again, so a new build is picked up.
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
