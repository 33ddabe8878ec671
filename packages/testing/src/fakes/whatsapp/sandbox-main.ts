/**
 * The WhatsApp sandbox provider: the Graph API (as the fake, any phone-number id with the
 * sandbox token) plus a control API to text the platform as a contact. Stops on SIGTERM/SIGINT.
 *   node --import tsx packages/testing/src/fakes/whatsapp/sandbox-main.ts
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { startWhatsAppFake } from "./fake.js";
import { loadWhatsAppSandboxConfig, type WhatsAppSandboxConfig } from "./sandbox-config.js";
import { whatsappSandboxControl } from "./sandbox-control.js";

let config: WhatsAppSandboxConfig;
try {
  config = loadWhatsAppSandboxConfig();
} catch (error) {
  console.error(`whatsapp-sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
let control: ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | undefined;
const fake = await startWhatsAppFake({
  phoneNumbers: {},
  anyPhoneNumber: {
    accessToken: config.WHATSAPP_SANDBOX_ACCESS_TOKEN,
    appSecret: config.WHATSAPP_SANDBOX_APP_SECRET,
  },
  port: config.WHATSAPP_SANDBOX_PORT,
  host: config.WHATSAPP_SANDBOX_HOST,
  log,
  intercept: async (req, res) => (control ? control(req, res) : false),
});
control = whatsappSandboxControl(fake, config.WHATSAPP_SANDBOX_WEBHOOK_URL);
log(`whatsapp sandbox listening on ${fake.url} (webhooks to ${config.WHATSAPP_SANDBOX_WEBHOOK_URL})`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`whatsapp sandbox stopping (${signal})`);
  await fake.stop();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
