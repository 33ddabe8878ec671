import {
  ListConversationsQuery,
  NotFoundError,
  Pagination,
  SearchConversations,
  UpdateConversation,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ConversationsDeps } from "../deps.js";
import { getConversation } from "../services/get-conversation.js";
import { listConversations } from "../services/list-conversations.js";
import { listMessages } from "../services/list-messages.js";
import { searchConversations } from "../services/search-conversations.js";
import { updateConversation } from "../services/update-conversation.js";

const conversationId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("conversation"));

/** `/v1/conversations*`: the shared inbox. */
export function conversationRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const query = readQuery(c, ListConversationsQuery);
    return c.json(await listConversations(deps, c.get("organizationId"), query, c.get("channelScope")));
  });

  app.post("/search", async (c) => {
    const search = await readJson(c, SearchConversations);
    return c.json(await searchConversations(deps, c.get("organizationId"), search, c.get("channelScope")));
  });

  app.get("/:id", async (c) => {
    const id = conversationId(c);
    return c.json({ data: await getConversation(deps, c.get("organizationId"), id, c.get("channelScope")) });
  });

  app.put("/:id", async (c) => {
    const id = conversationId(c);
    const input = await readJson(c, UpdateConversation);
    return c.json({
      data: await updateConversation(deps, c.get("organizationId"), id, input, c.get("channelScope")),
    });
  });

  app.get("/:id/messages", async (c) => {
    const id = conversationId(c);
    const page = readQuery(c, Pagination);
    return c.json(await listMessages(deps, c.get("organizationId"), id, page, c.get("channelScope")));
  });

  return app;
}
