import { CreateTeam, NotFoundError, Pagination, UpdateTeam } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { createTeam } from "../services/create-team.js";
import { deleteTeam } from "../services/delete-team.js";
import { getTeam } from "../services/get-team.js";
import { listTeams } from "../services/list-teams.js";
import { updateTeam } from "../services/update-team.js";

const teamId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("team"));

/** `/v1/teams` (our extension): teams group users; responses carry `user_ids`. */
export function teamRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => c.json(await listTeams(deps, c.get("organizationId"), readQuery(c, Pagination))));

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateTeam);
    return c.json(
      { data: await createTeam(deps, c.get("organizationId"), input, c.get("idempotency")) },
      201,
    );
  });

  app.get("/:id", async (c) => c.json({ data: await getTeam(deps, c.get("organizationId"), teamId(c)) }));

  app.put("/:id", async (c) => {
    const id = teamId(c);
    const input = await readJson(c, UpdateTeam);
    return c.json({ data: await updateTeam(deps, c.get("organizationId"), id, input) });
  });

  app.delete("/:id", async (c) =>
    c.json({ data: await deleteTeam(deps, c.get("organizationId"), teamId(c)) }),
  );

  return app;
}
