import { CreateUser, NotFoundError, Pagination, UpdateUser, UserIdParam } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import type { CoreDeps } from "../deps.js";
import { createUser } from "../services/create-user.js";
import { deleteUser } from "../services/delete-user.js";
import { getUser } from "../services/get-user.js";
import { listUsers } from "../services/list-users.js";
import { updateUser } from "../services/update-user.js";

const userId = (c: Context) => readId(c, "id", UserIdParam, () => new NotFoundError("user"));

/** `/v1/users`: integer ids, as the contract's User. */
export function userRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => c.json(await listUsers(deps, c.get("organizationId"), readQuery(c, Pagination))));

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateUser);
    return c.json(
      { data: await createUser(deps, c.get("organizationId"), input, c.get("idempotency")) },
      201,
    );
  });

  app.get("/:id", async (c) => c.json({ data: await getUser(deps, c.get("organizationId"), userId(c)) }));

  app.put("/:id", async (c) => {
    const id = userId(c);
    const input = await readJson(c, UpdateUser);
    return c.json({ data: await updateUser(deps, c.get("organizationId"), id, input) });
  });

  app.delete("/:id", async (c) =>
    c.json({ data: await deleteUser(deps, c.get("organizationId"), userId(c)) }),
  );

  return app;
}
