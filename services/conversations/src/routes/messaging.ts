import { CreateNote, SendEmail, SendSms, SendWhatsApp } from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { ConversationsDeps } from "../deps.js";
import { emailPolicy, smsPolicy, whatsAppPolicy } from "../policies/index.js";
import { createNote } from "../services/create-note.js";
import { sendMessage } from "../services/send-message.js";

/** `/v1/messaging/*`: one send pipeline, a policy per channel; an `Idempotency-Key` is stored with the message. */
export function messagingRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();

  app.post("/sms", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, SendSms);
    const sent = await sendMessage(
      deps,
      smsPolicy,
      c.get("organizationId"),
      input,
      c.get("idempotency"),
      c.get("channelScope"),
    );
    return c.json({ data: sent }, 201);
  });

  app.post("/email", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, SendEmail);
    const sent = await sendMessage(
      deps,
      emailPolicy,
      c.get("organizationId"),
      input,
      c.get("idempotency"),
      c.get("channelScope"),
    );
    return c.json({ data: sent }, 201);
  });

  // Our extension (not in the contract): text, media or template over a WhatsApp channel.
  app.post("/whatsapp", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, SendWhatsApp);
    const sent = await sendMessage(
      deps,
      whatsAppPolicy,
      c.get("organizationId"),
      input,
      c.get("idempotency"),
      c.get("channelScope"),
    );
    return c.json({ data: sent }, 201);
  });

  // Whippy's internal note (its Activepieces piece's "Create Note"): stored in the conversation, never sent.
  app.post("/note", async (c) => {
    const input = await readJson(c, CreateNote);
    // A web session writes as its user: the author is who is signed in, not what the body claims.
    const userId = c.get("userId");
    const note = await createNote(
      deps,
      c.get("organizationId"),
      userId === undefined ? input : { ...input, user_id: userId },
      c.get("channelScope"),
    );
    return c.json({ data: note }, 201);
  });

  return app;
}
