import { OperatorReset, UnauthorizedError } from "@relay/domain";
import { type AppEnv, constantTimeEquals, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { WebDeps } from "../deps.js";
import { operatorReset } from "../services/operator-reset.js";

/** `/app/api/admin/*`: the operator's routes, behind `Authorization: Bearer <ADMIN_TOKEN>`. */
export function adminRoutes(deps: WebDeps) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const presented = /^bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim() ?? "";
    const expected = deps.config.ADMIN_TOKEN;
    if (!expected || !constantTimeEquals(presented, expected))
      throw new UnauthorizedError("admin token required");
    await next();
  });

  app.post("/password_resets", async (c) => {
    const input = await readJson(c, OperatorReset);
    return c.json({ data: await operatorReset(deps, input) }, 201);
  });

  return app;
}
