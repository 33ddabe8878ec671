import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface StackSecrets {
  adminToken: string;
  internalToken: string;
  /** Core's key for channel credentials at rest (32 bytes, base64). */
  credentialsKey: string;
}

/**
 * Tokens and keys from the environment when given; otherwise generated once and kept in
 * `<state dir>/secrets.json` (mode 600) so restarts keep the same ones. `generated` names what
 * was made just now (the launcher shows the admin token only then).
 */
export function loadSecrets(
  stateDir: string,
  env: { ADMIN_TOKEN?: string; INTERNAL_TOKEN?: string; CREDENTIALS_KEY?: string },
): StackSecrets & { generated: Set<keyof StackSecrets> } {
  const file = join(stateDir, "secrets.json");
  let stored: Partial<StackSecrets> = {};
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Partial<StackSecrets>;
  } catch {
    // first start: nothing stored yet
  }
  const generated = new Set<keyof StackSecrets>();
  const pick = (name: keyof StackSecrets, given: string | undefined, make: () => string) => {
    const value = given ?? stored[name];
    if (value !== undefined) return value;
    generated.add(name);
    return make();
  };
  const secrets: StackSecrets = {
    adminToken: pick("adminToken", env.ADMIN_TOKEN, () => randomBytes(24).toString("base64url")),
    internalToken: pick("internalToken", env.INTERNAL_TOKEN, () => randomBytes(24).toString("base64url")),
    credentialsKey: pick("credentialsKey", env.CREDENTIALS_KEY, () => randomBytes(32).toString("base64")),
  };
  const changed = (Object.keys(secrets) as Array<keyof StackSecrets>).some((k) => secrets[k] !== stored[k]);
  if (changed) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return { ...secrets, generated };
}
