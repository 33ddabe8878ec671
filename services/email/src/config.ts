import { BaseConfig, portSetting } from "@relay/service-kit";
import { z } from "zod";

const flag = z.enum(["true", "false"]).transform((value) => value === "true");

export const EmailConfig = BaseConfig.extend({
  PORT: portSetting(8084),
  /** The inbound SMTP listener (mail for the organizations' email channels); host is HOST. */
  SMTP_PORT: portSetting(2526),
  /** PEM certificate (with its chain) of the inbound SMTP listener: with SMTP_TLS_KEY_FILE set too, it offers STARTTLS. */
  SMTP_TLS_CERT_FILE: z.string().min(1).optional(),
  /** PEM private key of SMTP_TLS_CERT_FILE. */
  SMTP_TLS_KEY_FILE: z.string().min(1).optional(),
  /** Channels whose provider is `sandbox` send through this SMTP server (the local sink), without auth. */
  SMTP_SANDBOX_HOST: z.string().min(1).default("127.0.0.1"),
  SMTP_SANDBOX_PORT: portSetting(2525),
  /** Largest attachment fetched by URL for an outbound mail. */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Time allowed to fetch one attachment by URL. */
  ATTACHMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Lets attachment URLs reach private, loopback and link-local addresses (local development, tests). */
  ATTACHMENT_ALLOW_PRIVATE: flag.default(false),
  /** Inbound attachments larger than this are dropped (the mail itself is kept). */
  INBOUND_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Largest inbound mail the listener accepts (SIZE). */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 1024 * 1024),
  /** Tries per message on SMTP 4xx or connection errors; then the send is `failed`. */
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** SMTP sends in flight at once per instance. */
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How long address lookups (routing inbound mail) are cached; channels come from the projection. */
  CHANNEL_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Per SMTP connection / greeting / socket inactivity. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});
export type EmailConfig = z.infer<typeof EmailConfig>;
