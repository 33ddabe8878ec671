import { SendEmail, SendSms, SendWhatsApp } from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { ConversationsDeps } from "../deps.js";
import { sendEmail } from "../services/send-email.js";
import { sendSms } from "../services/send-sms.js";
import { sendWhatsApp } from "../services/send-whatsapp.js";

/** `/v1/messaging/*`: an `Idempotency-Key` is stored with the message, in its transaction. */
export function messagingRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();

  app.post("/sms", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, SendSms);
    return c.json({ data: await sendSms(deps, c.get("organizationId"), input, c.get("idempotency")) }, 201);
  });

  app.post("/email", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, SendEmail);
    return c.json({ data: await sendEmail(deps, c.get("organizationId"), input, c.get("idempotency")) }, 201);
  });

  // Our extension (not in the contract): text, media or template over a WhatsApp channel.
  app.post("/whatsapp", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, SendWhatsApp);
    return c.json(
      { data: await sendWhatsApp(deps, c.get("organizationId"), input, c.get("idempotency")) },
      201,
    );
  });

  return app;
}
