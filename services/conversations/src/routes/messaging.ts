import { SendEmail, SendSms, SendWhatsApp } from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { ConversationsDeps } from "../deps.js";
import { sendEmail } from "../services/send-email.js";
import { sendSms } from "../services/send-sms.js";
import { sendWhatsApp } from "../services/send-whatsapp.js";

/** `/v1/messaging/*` (the gateway handles `Idempotency-Key`). */
export function messagingRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();

  app.post("/sms", async (c) => {
    const input = await readJson(c, SendSms);
    return c.json({ data: await sendSms(deps, c.get("organizationId"), input) }, 201);
  });

  app.post("/email", async (c) => {
    const input = await readJson(c, SendEmail);
    return c.json({ data: await sendEmail(deps, c.get("organizationId"), input) }, 201);
  });

  // Our extension (not in the contract): text, media or template over a WhatsApp channel.
  app.post("/whatsapp", async (c) => {
    const input = await readJson(c, SendWhatsApp);
    return c.json({ data: await sendWhatsApp(deps, c.get("organizationId"), input) }, 201);
  });

  return app;
}
