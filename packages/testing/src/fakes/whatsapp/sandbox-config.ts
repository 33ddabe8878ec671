import { z } from "zod";
import { loadSandboxEnv } from "../sandbox-env.js";

/** The sandbox's env; its secrets match the whatsapp adapter's WHATSAPP_SANDBOX_* defaults. */
export const WhatsAppSandboxConfig = z.object({
  /** The WhatsApp sandbox's Graph API port. */
  WHATSAPP_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8092),
  /** Interface the WhatsApp sandbox listens on. */
  WHATSAPP_SANDBOX_HOST: z.string().min(1).default("127.0.0.1"),
  WHATSAPP_SANDBOX_ACCESS_TOKEN: z.string().min(1).default("sandbox_whatsapp_access_token"),
  WHATSAPP_SANDBOX_APP_SECRET: z.string().min(1).default("sandbox_whatsapp_app_secret"),
  /** Where the WhatsApp sandbox posts its signed webhooks. */
  WHATSAPP_SANDBOX_WEBHOOK_URL: z.url().default("http://127.0.0.1:8080/webhooks/whatsapp"),
});
export type WhatsAppSandboxConfig = z.infer<typeof WhatsAppSandboxConfig>;

export const loadWhatsAppSandboxConfig = (env: NodeJS.ProcessEnv = process.env): WhatsAppSandboxConfig =>
  loadSandboxEnv(WhatsAppSandboxConfig, env);
