import { BaseConfig, portSetting } from "@relay/service-kit";
import { z } from "zod";

/** An upstream's base URL, kept without a trailing slash so paths join cleanly. */
const upstreamUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ""));

export const GatewayConfig = BaseConfig.extend({
  PORT: portSetting(8080),
  /** Core's internal API: API keys, organizations, contacts, channels. */
  CORE_URL: upstreamUrl.default("http://127.0.0.1:8081"),
  /** Unset until the conversations service runs; its routes then answer 503. */
  CONVERSATIONS_URL: upstreamUrl.optional(),
  /** Unset until the phone adapter runs; Twilio's webhooks then answer 503 (Twilio retries). */
  PHONE_URL: upstreamUrl.optional(),
  /** Unset until the email adapter runs; `/webhooks/email/*` then answers 503. */
  EMAIL_URL: upstreamUrl.optional(),
  /** Unset until the WhatsApp adapter runs; `/webhooks/whatsapp` then answers 503. */
  WHATSAPP_URL: upstreamUrl.optional(),
  /** Unset until the campaigns service runs; `/v1/campaigns*` and `/v1/messaging/sms/campaign` then answer 503. */
  CAMPAIGNS_URL: upstreamUrl.optional(),
  /** Unset until the sequences service runs; `/v1/sequences*` then answers 503. */
  SEQUENCES_URL: upstreamUrl.optional(),
  /** Unset until the webhooks service runs; `/v1/developers/*` and `/v1/custom_events*` then answer 503. */
  WEBHOOKS_URL: upstreamUrl.optional(),
  /** Unset until the web app runs; `/app*` then answers 503 and session cookies are refused. */
  WEB_URL: upstreamUrl.optional(),
  /** Sustained requests per second allowed per organization. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(20),
  /** Requests an idle organization may send at once before the sustained rate applies. */
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(40),
  /** How long a resolved API key is trusted; at most 1 s so a disabled key stops working quickly. */
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(1000).default(1000),
  /** How long to wait for an upstream's response headers before answering 503. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /**
   * Failed authentications one client address may make per window before it gets 429 without a
   * key lookup; 0 turns the limit off. Generous, because one address may be many clients' NAT.
   */
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(0).default(300),
  /** The window `AUTH_FAILURE_LIMIT` is counted in. */
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** Behind a reverse proxy: take the client's address from the last `X-Forwarded-For` entry. */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;
