/**
 * `pnpm start`: checks PostgreSQL and NATS, starts every service as its own process
 * (each runs its migrations), creates the demo organization on first start and prints
 * its API key. Ctrl-C stops everything cleanly.
 */
import { ConfigError, loadConfig } from "@relay/service-kit";
import { ensureDemoChannels, ensureDemoOrganization } from "./stack/demo.js";
import { preflight } from "./stack/preflight.js";
import { type ServiceProcess, spawnService, stopAll, waitUntilReady } from "./stack/processes.js";
import { loadSecrets } from "./stack/secrets.js";
import { StackSettings, serviceSpecs } from "./stack/settings.js";

function fail(message: string): never {
  console.error(`pnpm start: ${message}`);
  process.exit(1);
}

let settings: StackSettings;
try {
  settings = loadConfig(StackSettings);
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}

const problems = await preflight(settings.DATABASE_URL, settings.NATS_URL);
if (problems.length > 0) fail(problems.join("\npnpm start: "));

const secrets = loadSecrets(settings.STATE_DIR, settings);
const gatewayUrl = `http://127.0.0.1:${settings.GATEWAY_PORT}`;
const sharedEnv = {
  DATABASE_URL: settings.DATABASE_URL,
  NATS_URL: settings.NATS_URL,
  NATS_NAMESPACE: settings.NATS_NAMESPACE,
  PUBLIC_BASE_URL: settings.PUBLIC_BASE_URL ?? gatewayUrl,
  ADMIN_TOKEN: secrets.adminToken,
  INTERNAL_TOKEN: secrets.internalToken,
  LOG_LEVEL: settings.LOG_LEVEL,
};

const running: ServiceProcess[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\nstopping all services…");
    await stopAll(running);
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  for (const [index, spec] of serviceSpecs(settings).entries()) {
    const service = spawnService(spec, index, sharedEnv);
    running.push(service);
    void service.exited.then((code) => {
      if (!stopping) {
        console.error(`pnpm start: ${spec.name} exited unexpectedly (code ${code}); stopping the stack`);
        void shutdown(1);
      }
    });
    await waitUntilReady(service);
  }
  const demo = await ensureDemoOrganization(gatewayUrl, secrets.adminToken, settings.STATE_DIR);
  await ensureDemoChannels(gatewayUrl, demo.api_key);
  console.log(`
  ┌──────────────────────────────────────────────────────────────────────────
  │ Stack is up.
  │   Gateway        ${gatewayUrl}
  │   API docs       ${gatewayUrl}/docs
  │   Demo org       ${demo.organization_id}${demo.created ? "  (created now)" : ""}
  │   Demo API key   ${demo.api_key}
  │   Admin token    ${secrets.adminToken}   (kept in ${settings.STATE_DIR}/secrets.json)
  │
  │   Try:  curl -H "X-WHIPPY-KEY: ${demo.api_key}" ${gatewayUrl}/v1/channels
  │   Stop: Ctrl-C
  └──────────────────────────────────────────────────────────────────────────
`);
} catch (error) {
  console.error(`pnpm start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
