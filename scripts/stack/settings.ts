import { z } from "zod";

/** The settings `pnpm start` reads from the environment (all optional; defaults run locally). */
export const StackSettings = z.object({
  DATABASE_URL: z.string().url().default("postgres://postgres@127.0.0.1:5432/postgres"),
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_-]*$/i)
    .default(""),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  CORE_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
  CONVERSATIONS_PORT: z.coerce.number().int().min(1).max(65535).default(8082),
  PHONE_PORT: z.coerce.number().int().min(1).max(65535).default(8083),
  EMAIL_PORT: z.coerce.number().int().min(1).max(65535).default(8084),
  WHATSAPP_PORT: z.coerce.number().int().min(1).max(65535).default(8085),
  CAMPAIGNS_PORT: z.coerce.number().int().min(1).max(65535).default(8086),
  SEQUENCES_PORT: z.coerce.number().int().min(1).max(65535).default(8087),
  /** The web app (served to browsers through the gateway at `/app`). */
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(8088),
  /** The WhatsApp sandbox: a local Graph API for `sandbox` WhatsApp channels, with a control API. */
  WHATSAPP_SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(8092),
  /** Where the email service listens for inbound mail (SMTP). */
  EMAIL_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2526),
  /** The SMTP sandbox: receives what `sandbox` email channels send; its control API is on the next setting. */
  SMTP_SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  SMTP_SANDBOX_CONTROL_PORT: z.coerce.number().int().min(1).max(65535).default(8091),
  /** The Twilio sandbox: a local stand-in for Twilio used by channels whose provider is `sandbox`. */
  TWILIO_SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(8090),
  /** What providers call back and what the docs page names; defaults to the gateway's local URL. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  INTERNAL_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Where `pnpm start` keeps generated secrets and the demo organization's key. */
  STATE_DIR: z.string().default(".local"),
});
export type StackSettings = z.infer<typeof StackSettings>;

export interface ServiceSpec {
  name: string;
  port: number;
  env: Record<string, string>;
  /** The entry file; services default to `services/<name>/src/main.ts`. */
  entry?: string;
}

/** Every service the stack runs, in start order (a service starts after those it calls). */
export function serviceSpecs(settings: StackSettings): ServiceSpec[] {
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const gatewayUrl = local(settings.GATEWAY_PORT);
  return [
    {
      name: "twilio-sandbox",
      port: settings.TWILIO_SANDBOX_PORT,
      entry: "packages/testing/src/fakes/twilio/sandbox-main.ts",
      env: {
        TWILIO_SANDBOX_PORT: String(settings.TWILIO_SANDBOX_PORT),
        TWILIO_SANDBOX_WEBHOOK_BASE_URL: settings.PUBLIC_BASE_URL ?? gatewayUrl,
      },
    },
    {
      name: "smtp-sandbox",
      port: settings.SMTP_SANDBOX_CONTROL_PORT,
      entry: "packages/testing/src/fakes/smtp/sandbox-main.ts",
      env: {
        SMTP_SANDBOX_PORT: String(settings.SMTP_SANDBOX_PORT),
        SMTP_SANDBOX_CONTROL_PORT: String(settings.SMTP_SANDBOX_CONTROL_PORT),
        SMTP_SANDBOX_DELIVER_TO: `127.0.0.1:${settings.EMAIL_SMTP_PORT}`,
      },
    },
    {
      name: "wa-sandbox",
      port: settings.WHATSAPP_SANDBOX_PORT,
      entry: "packages/testing/src/fakes/whatsapp/sandbox-main.ts",
      env: {
        WHATSAPP_SANDBOX_PORT: String(settings.WHATSAPP_SANDBOX_PORT),
        WHATSAPP_SANDBOX_WEBHOOK_URL: `${settings.PUBLIC_BASE_URL ?? gatewayUrl}/webhooks/whatsapp`,
      },
    },
    { name: "core", port: settings.CORE_PORT, env: {} },
    { name: "conversations", port: settings.CONVERSATIONS_PORT, env: {} },
    {
      name: "phone",
      port: settings.PHONE_PORT,
      env: { TWILIO_SANDBOX_API_URL: local(settings.TWILIO_SANDBOX_PORT) },
    },
    {
      name: "email",
      port: settings.EMAIL_PORT,
      env: {
        SMTP_PORT: String(settings.EMAIL_SMTP_PORT),
        SANDBOX_SMTP_HOST: "127.0.0.1",
        SANDBOX_SMTP_PORT: String(settings.SMTP_SANDBOX_PORT),
      },
    },
    {
      name: "whatsapp",
      port: settings.WHATSAPP_PORT,
      env: { WHATSAPP_SANDBOX_API_URL: local(settings.WHATSAPP_SANDBOX_PORT) },
    },
    {
      name: "campaigns",
      port: settings.CAMPAIGNS_PORT,
      env: { CONVERSATIONS_URL: local(settings.CONVERSATIONS_PORT) },
    },
    {
      name: "sequences",
      port: settings.SEQUENCES_PORT,
      env: { CONVERSATIONS_URL: local(settings.CONVERSATIONS_PORT) },
    },
    { name: "web", port: settings.WEB_PORT, env: { CORE_URL: local(settings.CORE_PORT) } },
    {
      name: "gateway",
      port: settings.GATEWAY_PORT,
      env: {
        CORE_URL: local(settings.CORE_PORT),
        CONVERSATIONS_URL: local(settings.CONVERSATIONS_PORT),
        PHONE_URL: local(settings.PHONE_PORT),
        EMAIL_URL: local(settings.EMAIL_PORT),
        WHATSAPP_URL: local(settings.WHATSAPP_PORT),
        CAMPAIGNS_URL: local(settings.CAMPAIGNS_PORT),
        SEQUENCES_URL: local(settings.SEQUENCES_PORT),
        WEB_URL: local(settings.WEB_PORT),
      },
    },
  ];
}
