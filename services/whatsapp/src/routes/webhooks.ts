import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { WhatsAppDeps } from "../deps.js";
import { receiveWebhook } from "../services/receive-webhook.js";
import { verifySubscription } from "../services/verify-subscription.js";

/** `GET /webhooks/whatsapp` (subscription handshake) and `POST /webhooks/whatsapp` (messages, statuses). */
export function webhookRoutes(deps: WhatsAppDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const challenge = await verifySubscription(deps, {
      mode: c.req.query("hub.mode"),
      token: c.req.query("hub.verify_token"),
      challenge: c.req.query("hub.challenge"),
    });
    return c.text(challenge, 200);
  });

  app.post("/", async (c) => {
    // The signature covers the raw bytes, so the body is read as text before parsing.
    await receiveWebhook(deps, await c.req.text(), c.req.header("x-hub-signature-256"));
    return c.text("OK", 200);
  });

  return app;
}
