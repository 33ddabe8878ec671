import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readBody, sendJson } from "../twilio/http-server.js";
import type { RunningWhatsAppFake } from "./fake-types.js";

const InboundText = z.object({ from: z.string().min(6), to: z.string().min(6), body: z.string().min(1) });

/**
 * The sandbox's control API: `POST /sandbox/messages {from, to, body}` texts the platform as a
 * contact (a signed webhook to `to`'s channel); `GET /sandbox/messages` lists what it sent.
 * Sandbox channels use their own number's digits as the phone-number id.
 */
export function whatsappSandboxControl(fake: RunningWhatsAppFake, webhookUrl: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://sandbox").pathname;
    if (path === "/readyz" || path === "/healthz") {
      sendJson(res, 200, { status: "ok" });
      return true;
    }
    if (path !== "/sandbox/messages") return false;
    if (req.method === "GET") {
      sendJson(res, 200, { data: fake.messages });
      return true;
    }
    if (req.method !== "POST") {
      sendJson(res, 405, { error: "method not allowed" });
      return true;
    }
    let input: z.infer<typeof InboundText>;
    try {
      input = InboundText.parse(JSON.parse(await readBody(req)));
    } catch (error) {
      sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
      return true;
    }
    const to = input.to.replace(/\D/g, "");
    const sent = await fake.sendInboundText({
      url: webhookUrl,
      phoneNumberId: to,
      from: input.from,
      body: input.body,
    });
    sendJson(res, 202, { id: sent.id, webhook_status: sent.status });
    return true;
  };
}
