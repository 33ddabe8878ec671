import { z } from "zod";

/** The sandbox's env; its secrets match the whatsapp adapter's WHATSAPP_SANDBOX_* defaults. */
export const WhatsAppSandboxConfig = z.object({
  WHATSAPP_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8092),
  WHATSAPP_SANDBOX_HOST: z.string().min(1).default("127.0.0.1"),
  WHATSAPP_SANDBOX_ACCESS_TOKEN: z.string().min(1).default("sandbox_whatsapp_access_token"),
  WHATSAPP_SANDBOX_APP_SECRET: z.string().min(1).default("sandbox_whatsapp_app_secret"),
  WHATSAPP_SANDBOX_WEBHOOK_URL: z.url().default("http://127.0.0.1:8080/webhooks/whatsapp"),
});
export type WhatsAppSandboxConfig = z.infer<typeof WhatsAppSandboxConfig>;

export function loadWhatsAppSandboxConfig(env: NodeJS.ProcessEnv = process.env): WhatsAppSandboxConfig {
  const parsed = WhatsAppSandboxConfig.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid ${issue?.path.join(".") ?? "config"}: ${issue?.message ?? "bad value"}`);
  }
  return parsed.data;
}
