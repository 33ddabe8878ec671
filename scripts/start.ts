/**
 * `pnpm start`: checks PostgreSQL and NATS, starts every service as its own process
 * (each runs its migrations), creates the demo organization on first start and prints
 * its API key and its web login. A service that crashes is restarted; Ctrl-C or SIGTERM stops everything cleanly.
 */
import { ConfigError, loadConfig } from "@relay/service-kit";
import { ensureDemoChannels, ensureDemoLogin, ensureDemoOrganization } from "./stack/demo.js";
import { preflight } from "./stack/preflight.js";
import { removeProcessFile, writeProcessFile } from "./stack/process-file.js";
import { loadSecrets } from "./stack/secrets.js";
import { StackSettings, serviceSpecs } from "./stack/settings.js";
import { onParentExit, onStopSignals } from "./stack/signals.js";
import { Supervisor } from "./stack/supervisor.js";

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

const problems = await preflight(settings.DATABASE_URL, settings.NATS_URL, {
  user: settings.NATS_USER,
  password: settings.NATS_PASSWORD,
});
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
  CREDENTIALS_KEY: secrets.credentialsKey,
  ...(settings.NATS_USER !== undefined && { NATS_USER: settings.NATS_USER }),
  ...(settings.NATS_PASSWORD !== undefined && { NATS_PASSWORD: settings.NATS_PASSWORD }),
  LOG_LEVEL: settings.LOG_LEVEL,
};

const supervisor = new Supervisor({
  env: sharedEnv,
  log: (line) => console.error(`pnpm start: ${line}`),
  onChange: (pids) => writeProcessFile(settings.STATE_DIR, pids),
});
// Whatever ends the launcher, no service outlives it (a kill -9 is handled in child-hooks.ts).
process.on("exit", () => supervisor.killAll());

async function shutdown(code: number): Promise<never> {
  if (!supervisor.stopping) console.log("\nstopping all services…");
  await supervisor.stop();
  removeProcessFile(settings.STATE_DIR);
  process.exit(code);
}
onStopSignals(
  () => void shutdown(0),
  (signal) => {
    console.error(`pnpm start: ${signal} again: killing every service now`);
    supervisor.killAll();
    removeProcessFile(settings.STATE_DIR);
    process.exit(130);
  },
);
onParentExit(() => {
  console.error("pnpm start: the process that started it is gone: stopping all services");
  void shutdown(0);
});

try {
  for (const spec of serviceSpecs(settings)) await supervisor.start(spec);
  const demo = await ensureDemoOrganization(gatewayUrl, secrets.adminToken, settings.STATE_DIR);
  await ensureDemoChannels(gatewayUrl, demo.api_key);
  const login = await ensureDemoLogin(gatewayUrl, secrets.adminToken, demo, settings.STATE_DIR);
  console.log(`
  ┌──────────────────────────────────────────────────────────────────────────
  │ Stack is up.
  │   Gateway        ${gatewayUrl}
  │   Web app        ${gatewayUrl}/app
  │   Demo login     ${login.email}  /  ${login.password}
  │   API docs       ${gatewayUrl}/docs
  │   Demo org       ${demo.organization_id}${demo.created ? "  (created now)" : ""}
  │   Demo API key   ${demo.api_key}
  │   Admin token    ${
    // Shown once, when it is made: after that it is in the state dir (or the environment) only.
    secrets.generated.has("adminToken")
      ? `${secrets.adminToken}   (created now; kept in ${settings.STATE_DIR}/secrets.json)`
      : settings.ADMIN_TOKEN
        ? "from ADMIN_TOKEN"
        : `in ${settings.STATE_DIR}/secrets.json`
  }
  │
  │   Try:  curl -H "X-WHIPPY-KEY: ${demo.api_key}" ${gatewayUrl}/v1/channels
  │   Stop: Ctrl-C
  └──────────────────────────────────────────────────────────────────────────
`);
} catch (error) {
  // A signal during start-up stops services that are still starting: not a start-up failure.
  if (!supervisor.stopping) {
    console.error(`pnpm start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}
