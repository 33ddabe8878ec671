/**
 * `pnpm reset-password <email> [organization_id]`: the operator's password-reset link for a web
 * login, printed (one-time, valid PASSWORD_RESET_TTL_MINUTES). Talks to the running stack's
 * gateway (`RELAY_URL`, else the local one) with the admin token (`ADMIN_TOKEN`, else the one
 * `pnpm start` keeps in `<STATE_DIR>/secrets.json`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "@relay/service-kit";
import { StackSettings } from "./stack/settings.js";

function fail(message: string): never {
  console.error(`pnpm reset-password: ${message}`);
  process.exit(1);
}

const [email, organizationId] = process.argv.slice(2).filter((arg) => arg !== "--");
if (!email) fail("usage: pnpm reset-password <email> [organization_id]");

let settings: StackSettings;
try {
  settings = loadConfig(StackSettings);
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}
const baseUrl = (process.env.RELAY_URL ?? `http://127.0.0.1:${settings.GATEWAY_PORT}`).replace(/\/+$/, "");
let adminToken = settings.ADMIN_TOKEN;
if (!adminToken) {
  try {
    adminToken = (
      JSON.parse(readFileSync(join(settings.STATE_DIR, "secrets.json"), "utf8")) as { adminToken?: string }
    ).adminToken;
  } catch {
    // no stored token
  }
}
if (!adminToken)
  fail(`no admin token: set ADMIN_TOKEN or run from where pnpm start keeps ${settings.STATE_DIR}/`);

let res: Response;
try {
  res = await fetch(`${baseUrl}/app/api/admin/password_resets`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ email, ...(organizationId && { organization_id: organizationId }) }),
  });
} catch (error) {
  fail(
    `cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)} (is the stack running?)`,
  );
}
const body = (await res.json().catch(() => ({}))) as {
  data?: { reset_url: string; expires_at: string; organization_id: string };
  error?: string;
};
if (!res.ok || !body.data) fail(`${res.status}: ${body.error ?? "no answer"}`);
console.log(`Password-reset link for ${email} (organization ${body.data.organization_id}), valid until ${body.data.expires_at}:
  ${body.data.reset_url}`);
