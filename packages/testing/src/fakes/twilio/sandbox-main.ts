/**
 * The Twilio sandbox provider: Twilio's REST API (as the fake) plus a control API to text and
 * call the platform as a contact. Env-driven (see sandbox-config.ts); stops on SIGTERM/SIGINT.
 *   node --import tsx packages/testing/src/fakes/twilio/sandbox-main.ts
 */
import { createTwilioFake } from "./fake.js";
import { listen } from "./http-server.js";
import { loadSandboxConfig, type SandboxConfig } from "./sandbox-config.js";
import { sandboxControl } from "./sandbox-control.js";

let config: SandboxConfig;
try {
  config = loadSandboxConfig();
} catch (error) {
  console.error(`twilio-sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
const fake = createTwilioFake({
  accounts: { [config.TWILIO_SANDBOX_ACCOUNT_SID]: config.TWILIO_SANDBOX_AUTH_TOKEN },
  statusDelayMs: config.TWILIO_SANDBOX_STATUS_DELAY_MS,
  log,
});
const control = sandboxControl(fake, {
  accountSid: config.TWILIO_SANDBOX_ACCOUNT_SID,
  webhookBaseUrl: config.TWILIO_SANDBOX_WEBHOOK_BASE_URL,
});
const server = await listen(
  async (req, res) => {
    if (!(await control(req, res))) await fake.handle(req, res);
  },
  config.TWILIO_SANDBOX_PORT,
  config.TWILIO_SANDBOX_HOST,
);
log(
  `twilio sandbox listening on ${server.url} (account ${config.TWILIO_SANDBOX_ACCOUNT_SID}, webhooks to ${config.TWILIO_SANDBOX_WEBHOOK_BASE_URL})`,
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`twilio sandbox stopping (${signal})`);
  fake.close();
  await server.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
