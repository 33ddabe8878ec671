import type { Context } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../http.js";
import { type Metrics, pathPattern } from "./metrics.js";

/** The env key under which the kit's HTTP server hands an app its service's metrics. */
export const METRICS_ENV = "relayMetrics";

/** The metrics the server handed this request (absent for in-process `app.request()` calls). */
export function metricsOf(c: Context<AppEnv>): Metrics | undefined {
  return (c.env as Record<string, Metrics | undefined> | undefined)?.[METRICS_ENV];
}

/**
 * The route's pattern (`/v1/contacts/:id`), never the path itself: a label the handler set, else
 * the matched route, else (a catch-all like the gateway's `/v1/*`) the path with its ids as `:id`.
 */
export function routeLabel(c: Context<AppEnv>, metrics: Metrics | undefined): string {
  const set = c.get("route");
  if (set) return set;
  const matched = routePath(c, -1);
  const label = matched && !matched.includes("*") ? matched : pathPattern(c.req.path);
  return metrics ? metrics.route(label) : label;
}

/** `GET /metrics`: Prometheus text; `METRICS_TOKEN`, when set, is required as a bearer token. */
export async function serveMetrics(c: Context<AppEnv>): Promise<Response> {
  const metrics = metricsOf(c);
  if (!metrics) return c.json({ error: "metrics are not collected here", status: 404 }, 404);
  if (!metrics.authorized(c.req.header("authorization")))
    return c.json({ error: "metrics token required", status: 401 }, 401);
  return c.body(await metrics.exposition(), 200, { "content-type": metrics.contentType });
}
