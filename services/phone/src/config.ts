import { BaseConfig, portSetting } from "@relay/service-kit";
import { z } from "zod";

const httpUrl = z
  .string()
  .url()
  .refine((url) => /^https?:\/\//.test(url), "must be an http(s) URL")
  .transform((url) => url.replace(/\/+$/, ""));

export const PhoneConfig = BaseConfig.extend({
  PORT: portSetting(8083),
  /** Every Twilio REST request goes here (a regional endpoint, or a fake in tests). */
  TWILIO_API_URL: httpUrl.default("https://api.twilio.com"),
  /** Channels whose provider is `sandbox` talk to this Twilio-compatible API (the local fake). */
  TWILIO_SANDBOX_API_URL: httpUrl.default("http://127.0.0.1:8090"),
  /** The Twilio sandbox's account: `sandbox` channels send as it. */
  TWILIO_SANDBOX_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, "must be a Twilio account SID (AC followed by 32 hex characters)")
    .default(`AC${"0".repeat(32)}`),
  /** The Twilio sandbox's auth token (it signs the sandbox's webhooks). */
  TWILIO_SANDBOX_AUTH_TOKEN: z.string().min(1).default("sandbox_auth_token_for_local_dev"),
  /** Said to callers outside opening hours or when nobody answers, before the voicemail beep. */
  VOICE_GREETING: z
    .string()
    .min(1)
    .default("Sorry, we can't take your call right now. Please leave a message after the beep."),
  /** How long forwarded numbers ring before the caller is sent to voicemail. */
  VOICE_RING_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(20),
  /** Tries per message when Twilio answers 429/5xx or cannot be reached; then the send is `failed`. */
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Twilio calls in flight at once per instance (pacing waits hold no place). */
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /**
   * How long after an attempt of unknown outcome (a crash, a timeout) Twilio's message list is
   * searched for it before the message is sent again.
   */
  SEND_RECONCILE_WINDOW_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** How long number lookups (routing webhooks) are cached; channels come from the projection. */
  CHANNEL_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Lets MMS media URLs point at private, loopback and link-local addresses (local development). */
  ATTACHMENT_ALLOW_PRIVATE: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  /** Per Twilio REST request. */
  TWILIO_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
});
export type PhoneConfig = z.infer<typeof PhoneConfig>;
