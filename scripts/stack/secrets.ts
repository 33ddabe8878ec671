import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface StackSecrets {
  adminToken: string;
  internalToken: string;
}

/**
 * Tokens from the environment when given; otherwise generated once and kept in
 * `<state dir>/secrets.json` (mode 600) so restarts keep the same admin token.
 */
export function loadSecrets(
  stateDir: string,
  env: { ADMIN_TOKEN?: string; INTERNAL_TOKEN?: string },
): StackSecrets {
  const file = join(stateDir, "secrets.json");
  let stored: Partial<StackSecrets> = {};
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Partial<StackSecrets>;
  } catch {
    // first start: nothing stored yet
  }
  const secrets: StackSecrets = {
    adminToken: env.ADMIN_TOKEN ?? stored.adminToken ?? randomBytes(24).toString("base64url"),
    internalToken: env.INTERNAL_TOKEN ?? stored.internalToken ?? randomBytes(24).toString("base64url"),
  };
  if (secrets.adminToken !== stored.adminToken || secrets.internalToken !== stored.internalToken) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
