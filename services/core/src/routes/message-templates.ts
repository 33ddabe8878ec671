import {
  CreateMessageTemplate,
  MessageTemplateListQuery,
  NotFoundError,
  UpdateMessageTemplate,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { createMessageTemplate } from "../services/create-message-template.js";
import { deleteMessageTemplate } from "../services/delete-message-template.js";
import { getMessageTemplate } from "../services/get-message-template.js";
import { listMessageTemplates } from "../services/list-message-templates.js";
import { updateMessageTemplate } from "../services/update-message-template.js";

const templateId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("message template"));

/**
 * Whippy's Activepieces piece lists templates with `POST` and an empty JSON object, its filters
 * in the query string. A create always has a title, so an empty body can only be that list.
 */
async function isListCall(c: Context): Promise<boolean> {
  const text = (await c.req.text()).trim();
  return text === "" || /^\{\s*\}$/.test(text);
}

/** `/v1/automations/templates`, as Whippy names it: the organization's saved messages. */
export function messageTemplateRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  const list = async (c: Context<AppEnv>) => {
    const query = readQuery(c, MessageTemplateListQuery);
    return c.json(await listMessageTemplates(deps, c.get("organizationId"), query, query));
  };

  app.get("/", list);

  app.post(
    "/",
    async (c, next) => ((await isListCall(c)) ? list(c) : next()),
    deps.idempotency.route(201),
    async (c) => {
      const input = await readJson(c, CreateMessageTemplate);
      const template = await createMessageTemplate(
        deps,
        c.get("organizationId"),
        input,
        c.get("userId"),
        c.get("idempotency"),
      );
      return c.json({ data: template }, 201);
    },
  );

  app.get("/:id", async (c) =>
    c.json({ data: await getMessageTemplate(deps, c.get("organizationId"), templateId(c)) }),
  );

  app.put("/:id", async (c) => {
    const id = templateId(c);
    const input = await readJson(c, UpdateMessageTemplate);
    return c.json({
      data: await updateMessageTemplate(deps, c.get("organizationId"), id, input, c.get("userId")),
    });
  });

  app.delete("/:id", async (c) =>
    c.json({ data: await deleteMessageTemplate(deps, c.get("organizationId"), templateId(c)) }),
  );

  return app;
}
