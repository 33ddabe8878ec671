import { SendEmail, SendSms } from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { ConversationsDeps } from "../deps.js";
import { sendEmail } from "../services/send-email.js";
import { sendSms } from "../services/send-sms.js";

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

  return app;
}
