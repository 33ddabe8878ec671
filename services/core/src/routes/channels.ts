import { CreateChannel, NotFoundError, Pagination, SetChannelUsers, UpdateChannel } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { createChannel } from "../services/create-channel.js";
import { deleteChannel } from "../services/delete-channel.js";
import { getChannel } from "../services/get-channel.js";
import { listChannelUsers } from "../services/list-channel-users.js";
import { listChannels } from "../services/list-channels.js";
import { setChannelUsers } from "../services/set-channel-users.js";
import { updateChannel } from "../services/update-channel.js";

const channelId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("channel"));

/** `/v1/channels`: the contract's reads, plus create/update/delete and user access (extensions). */
export function channelRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) =>
    c.json(
      await listChannels(deps, c.get("organizationId"), readQuery(c, Pagination), c.get("channelScope")),
    ),
  );

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateChannel);
    return c.json(
      { data: await createChannel(deps, c.get("organizationId"), input, c.get("idempotency")) },
      201,
    );
  });

  app.get("/:id", async (c) =>
    c.json({ data: await getChannel(deps, c.get("organizationId"), channelId(c), c.get("channelScope")) }),
  );

  app.put("/:id", async (c) => {
    const id = channelId(c);
    const input = await readJson(c, UpdateChannel);
    return c.json({ data: await updateChannel(deps, c.get("organizationId"), id, input) });
  });

  app.delete("/:id", async (c) =>
    c.json({ data: await deleteChannel(deps, c.get("organizationId"), channelId(c)) }),
  );

  app.get("/:id/users", async (c) =>
    c.json({ data: await listChannelUsers(deps, c.get("organizationId"), channelId(c)) }),
  );

  app.put("/:id/users", async (c) => {
    const id = channelId(c);
    const input = await readJson(c, SetChannelUsers);
    return c.json({ data: await setChannelUsers(deps, c.get("organizationId"), id, input.user_ids) });
  });

  return app;
}
