import {
  type Channel,
  NotFoundError,
  ValidationError,
  WhippyMessageEmail,
  WhippyMessageSms,
} from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { ConversationsDeps } from "../deps.js";
import { emailPolicy, smsPolicy } from "../policies/index.js";
import { sendMessage } from "../services/send-message.js";

/**
 * `/v1/messages/sms|email`: the paths Whippy's MCP server sends through (`message` for the body,
 * `from` optional). Each is the `/v1/messaging/*` send of the same message, answered the same way.
 */
export function whippyMessageRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();

  app.post("/sms", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, WhippyMessageSms);
    const organizationId = c.get("organizationId");
    const from = input.from ?? (await firstAddress(deps, organizationId, "phone"));
    const sent = await sendMessage(
      deps,
      smsPolicy,
      organizationId,
      { to: input.to, from, body: input.message },
      c.get("idempotency"),
      c.get("channelScope"),
    );
    return c.json({ data: sent }, 201);
  });

  app.post("/email", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, WhippyMessageEmail);
    const organizationId = c.get("organizationId");
    const from = input.from ?? (await firstAddress(deps, organizationId, "email"));
    const sent = await sendMessage(
      deps,
      emailPolicy,
      organizationId,
      {
        to: input.to,
        from,
        body: input.message,
        ...(input.subject !== undefined && { subject: input.subject }),
      },
      c.get("idempotency"),
      c.get("channelScope"),
    );
    return c.json({ data: sent }, 201);
  });

  return app;
}

/** The address of the organization's oldest channel of `type`: where a send without `from` goes from. */
async function firstAddress(deps: ConversationsDeps, organizationId: string, type: Channel["type"]) {
  try {
    const channel = await deps.core.firstChannel(organizationId, type);
    return channel.phone ?? channel.address ?? "";
  } catch (error) {
    if (error instanceof NotFoundError)
      throw ValidationError.field("from", `is required: you have no ${type} channel to send from`);
    throw error;
  }
}
