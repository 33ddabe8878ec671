import { type AppEnv, htmlPage } from "@relay/service-kit";
import { Hono } from "hono";
import type { CampaignsDeps } from "../deps.js";
import { followLink } from "../services/follow-link.js";

/**
 * `/l/{code}`, PUBLIC (no internal token; the gateway forwards `/l/*` as is): 302 to the
 * campaign's own target, counting the recipient's first click; a `HEAD` (link previews,
 * scanners) answers the same redirect and counts nothing. Unknown codes: a 404 page.
 */
export function linkRoutes(deps: CampaignsDeps) {
  const app = new Hono<AppEnv>();
  app.on(["GET", "HEAD"], "/:code", async (c) => {
    const target = await followLink(deps, c.req.param("code"), { count: c.req.method === "GET" });
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "no-referrer");
    if (!target)
      return c.html(
        htmlPage("Link not found", "<p>This link does not exist or is no longer valid.</p>"),
        404,
      );
    return c.redirect(target, 302);
  });
  return app;
}
