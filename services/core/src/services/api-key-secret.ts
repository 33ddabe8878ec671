import { createHash, randomBytes } from "node:crypto";

const KEY_PREFIX = "wk_";
/** `wk_` + 8 characters: enough to tell keys apart, far too little to guess the rest. */
const VISIBLE_LENGTH = 11;

/** Keys are 32 random bytes, so a fast hash is as safe as a slow one and allows an indexed lookup. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A new key: shown once to its creator; only its hash and prefix are stored. */
export function newApiKeySecret(): { key: string; prefix: string; secretHash: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, VISIBLE_LENGTH), secretHash: hashApiKey(key) };
}
