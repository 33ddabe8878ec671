import { BaseConfig, portSetting } from "@relay/service-kit";
import { z } from "zod";

const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), "must be an http(s) URL")
  .transform((url) => url.replace(/\/+$/, ""));

export const WhatsAppConfig = BaseConfig.extend({
  PORT: portSetting(8085),
  /** Every Graph API request goes here (a fake in tests). */
  WHATSAPP_API_URL: httpUrl.default("https://graph.facebook.com"),
  /** The Graph API version in every request's path. */
  WHATSAPP_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, "must look like v21.0")
    .default("v21.0"),
  /** Channels whose provider is `sandbox` talk to this Graph-compatible API (the local fake). */
  WHATSAPP_SANDBOX_API_URL: httpUrl.default("http://127.0.0.1:8092"),
  /** The WhatsApp sandbox's access token. */
  WHATSAPP_SANDBOX_ACCESS_TOKEN: z.string().min(1).default("sandbox_whatsapp_access_token"),
  /** Signs the WhatsApp sandbox's webhooks (`X-Hub-Signature-256`). */
  WHATSAPP_SANDBOX_APP_SECRET: z.string().min(1).default("sandbox_whatsapp_app_secret"),
  /** The WhatsApp sandbox's webhook verification token. */
  WHATSAPP_SANDBOX_VERIFY_TOKEN: z.string().min(1).default("sandbox_whatsapp_verify_token"),
  /** Tries per message when the Graph API answers 429/5xx or cannot be reached; then `failed`. */
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Graph API calls in flight at once per instance. */
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /**
   * After an attempt of unknown outcome (a crash, a timeout), how long to wait for a status
   * webhook naming the send (`biz_opaque_callback_data`) before sending it again.
   */
  SEND_RECONCILE_WINDOW_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** How long webhook routing lookups are cached; channels come from the projection. */
  CHANNEL_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Lets media links point at private, loopback and link-local addresses (local development). */
  ATTACHMENT_ALLOW_PRIVATE: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  /** Per Graph API request. */
  WHATSAPP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});
export type WhatsAppConfig = z.infer<typeof WhatsAppConfig>;
