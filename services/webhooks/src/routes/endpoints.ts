import {
  CreateDeveloperEndpoint,
  ListDeliveriesQuery,
  ListEndpointsQuery,
  NotFoundError,
  ReplayEndpoint,
  UpdateDeveloperEndpoint,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { WebhooksDeps } from "../deps.js";
import {
  getDelivery,
  listDeliveries,
  replayEndpoint,
  retryDelivery,
  sendTestEvent,
} from "../services/deliveries.js";
import {
  createEndpoint,
  deleteEndpoint,
  endpointRow,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
} from "../services/endpoints.js";
import { toEndpoint } from "../services/views.js";

const endpointId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("developer endpoint"));
const deliveryId = (c: Context) => readId(c, "delivery_id", z.uuid(), () => new NotFoundError("delivery"));

/** `/v1/developers/endpoints`: Whippy's endpoints, and our secret rotation, delivery log, retry, replay and test. */
export function endpointRoutes(deps: WebhooksDeps) {
  const app = new Hono<AppEnv>();
  const org = (c: Context<AppEnv>) => c.get("organizationId");

  app.get("/", async (c) => c.json(await listEndpoints(deps, org(c), readQuery(c, ListEndpointsQuery))));
  app.post("/", async (c) => {
    const input = await readJson(c, CreateDeveloperEndpoint);
    return c.json({ data: await createEndpoint(deps, org(c), input) }, 201);
  });
  app.get("/:id", async (c) => c.json({ data: toEndpoint(await endpointRow(deps, org(c), endpointId(c))) }));
  app.put("/:id", async (c) => {
    const id = endpointId(c);
    const input = await readJson(c, UpdateDeveloperEndpoint);
    return c.json({ data: await updateEndpoint(deps, org(c), id, input) });
  });
  app.delete("/:id", async (c) => c.json({ data: await deleteEndpoint(deps, org(c), endpointId(c)) }));

  app.post("/:id/rotate_secret", async (c) =>
    c.json({ data: await rotateSecret(deps, org(c), endpointId(c)) }),
  );
  app.get("/:id/deliveries", async (c) => {
    const id = endpointId(c);
    return c.json(await listDeliveries(deps, org(c), id, readQuery(c, ListDeliveriesQuery)));
  });
  app.get("/:id/deliveries/:delivery_id", async (c) =>
    c.json({ data: await getDelivery(deps, org(c), endpointId(c), deliveryId(c)) }),
  );
  app.post("/:id/deliveries/:delivery_id/retry", async (c) =>
    c.json({ data: await retryDelivery(deps, org(c), endpointId(c), deliveryId(c)) }, 202),
  );
  app.post("/:id/replay", async (c) => {
    const id = endpointId(c);
    const input = await readJson(c, ReplayEndpoint);
    return c.json({ data: await replayEndpoint(deps, org(c), id, input) }, 202);
  });
  app.post("/:id/test", async (c) => c.json({ data: await sendTestEvent(deps, org(c), endpointId(c)) }, 202));
  return app;
}
