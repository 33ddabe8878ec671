import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { CoreDeps } from "../deps.js";
import { getOrganization } from "../services/get-organization.js";

/**
 * `GET /v1/organization`: the key's own organization. Not in the reconstructed contract, but
 * Whippy's clients call it to check a key (the MCP server's `validateAuth`).
 */
export function organizationRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => c.json({ data: await getOrganization(deps, c.get("organizationId")) }));
  return app;
}
