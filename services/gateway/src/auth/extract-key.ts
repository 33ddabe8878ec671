import { UnauthorizedError } from "@relay/domain";

export const API_KEY_HEADER = "x-whippy-key";

/** Longer than any key we issue and than the RPC accepts: refused without asking core. */
const MAX_KEY_LENGTH = 200;

/** The API key a client presented, or undefined when it sent none (it may hold a session instead). */
export function presentedApiKey(headers: { get(name: string): string | null }): string | undefined {
  const header = headers.get(API_KEY_HEADER)?.trim();
  const bearer = /^bearer\s+(.+)$/i.exec(headers.get("authorization")?.trim() ?? "")?.[1]?.trim();
  return header || bearer || undefined;
}

/**
 * The API key a client presented: `X-WHIPPY-KEY`, or else `Authorization: Bearer <key>`.
 * Throws 401 when neither is there or the value cannot be a key.
 */
export function extractApiKey(headers: { get(name: string): string | null }): string {
  const key = presentedApiKey(headers);
  if (!key) {
    throw new UnauthorizedError("missing API key: send it in X-WHIPPY-KEY or as Authorization: Bearer <key>");
  }
  if (key.length > MAX_KEY_LENGTH || /\s/.test(key)) throw new UnauthorizedError("invalid API key");
  return key;
}
