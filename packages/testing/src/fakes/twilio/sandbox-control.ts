import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { TwilioFake } from "./fake-types.js";
import { readBody, sendJson } from "./http-server.js";
import { messageJson } from "./message-resource.js";

export interface SandboxControlOptions {
  accountSid: string;
  /** The platform's base URL; webhooks go to `<base>/webhooks/twilio/sms` and `…/voice`. */
  webhookBaseUrl: string;
}

const MEDIA_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  mp4: "video/mp4",
  mp3: "audio/mpeg",
  pdf: "application/pdf",
  vcf: "text/vcard",
};

function guessContentType(url: string): string {
  const extension = new URL(url).pathname.split(".").pop()?.toLowerCase() ?? "";
  return MEDIA_TYPES[extension] ?? "application/octet-stream";
}

const Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number like +14155550100");
const SandboxSms = z.object({
  from: Phone,
  to: Phone,
  body: z.string().max(1600).default(""),
  media_urls: z
    .array(z.union([z.url(), z.object({ url: z.url(), content_type: z.string().min(1) })]))
    .max(10)
    .default([]),
});
const SandboxCall = z.object({ from: Phone, to: Phone });

async function parseJson<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const text = await readBody(req);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new SandboxInputError("the body must be JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SandboxInputError(`${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

class SandboxInputError extends Error {}

/** `fetch failed (ECONNREFUSED)` rather than a bare `fetch failed`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message} (${String(detail)})` : error.message;
}

/**
 * The sandbox's control API for people trying the platform without a Twilio account:
 * text or call the platform as a contact, and see what the platform sent. Answers false
 * for paths it does not own, so the Twilio API can take them.
 */
export function sandboxControl(fake: TwilioFake, options: SandboxControlOptions) {
  const base = options.webhookBaseUrl.replace(/\/$/, "");
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
    "GET /healthz": async (_req, res) => sendJson(res, 200, { status: "ok" }),
    "GET /readyz": async (_req, res) => sendJson(res, 200, { status: "ok" }),
    "GET /sandbox/messages": async (_req, res) =>
      sendJson(res, 200, { messages: [...fake.messages].reverse().map(messageJson) }),
    "POST /sandbox/sms": async (req, res) => {
      const { media_urls, ...input } = await parseJson(req, SandboxSms);
      const mediaUrls = media_urls.map((media) =>
        typeof media === "string"
          ? { url: media, contentType: guessContentType(media) }
          : { url: media.url, contentType: media.content_type },
      );
      const result = await fake.sendInboundSms({
        url: `${base}/webhooks/twilio/sms`,
        accountSid: options.accountSid,
        ...input,
        mediaUrls,
      });
      sendJson(res, 200, {
        message_sid: result.messageSid,
        status: result.status,
        response: result.body,
        replies: result.replies.map(messageJson),
      });
    },
    "POST /sandbox/calls": async (req, res) => {
      const input = await parseJson(req, SandboxCall);
      const result = await fake.placeInboundCall({
        url: `${base}/webhooks/twilio/voice`,
        accountSid: options.accountSid,
        ...input,
      });
      sendJson(res, 200, { call_sid: result.callSid, status: result.status, twiml: result.twiml });
    },
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://sandbox").pathname;
    const route = routes[`${req.method} ${path}`];
    if (!route) return false;
    try {
      await route(req, res);
    } catch (error) {
      if (error instanceof SandboxInputError) sendJson(res, 422, { error: error.message, status: 422 });
      else sendJson(res, 502, { error: `could not reach the platform: ${describe(error)}`, status: 502 });
    }
    return true;
  };
}
