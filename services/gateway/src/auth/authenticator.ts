import { createHash } from "node:crypto";
import { AppError, UnauthorizedError } from "@relay/domain";
import { TtlCache } from "./ttl-cache.js";

/** Who a request acts for, as resolved from its API key. */
export interface ApiKeyIdentity {
  organization_id: string;
  api_key_id: string;
}

/** Asks the owner of API keys (core) who a key belongs to; throws an AppError when it cannot say. */
export type LookupApiKey = (key: string) => Promise<ApiKeyIdentity>;

/** Resolves a secret (an API key, a session token) to whom it acts for, or throws 401. */
export type Authenticate<I = ApiKeyIdentity> = (secret: string) => Promise<I>;

export interface AuthenticatorOptions<I = ApiKeyIdentity> {
  lookup: (secret: string) => Promise<I>;
  /** Both answers are trusted this long: a key, once disabled, is refused within `ttlMs`. */
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}

type Outcome<I> = { ok: true; identity: I } | { ok: false; message: string };

/**
 * Resolves API keys (and web sessions: the same shape of question, asked of web) with a short-lived cache of answers (found, or refused), so a busy client
 * costs core one lookup per key per TTL. Concurrent lookups of one key share a single request.
 * Outages are never cached. Entries are keyed by the key's hash, so no key sits in memory.
 */
export function createAuthenticator<I = ApiKeyIdentity>(options: AuthenticatorOptions<I>): Authenticate<I> {
  const cache = new TtlCache<Outcome<I>>({
    ttlMs: options.ttlMs,
    maxEntries: options.maxEntries ?? 10_000,
    now: options.now,
  });
  const inFlight = new Map<string, Promise<Outcome<I>>>();

  const resolve = async (key: string): Promise<Outcome<I>> => {
    try {
      return { ok: true, identity: await options.lookup(key) };
    } catch (error) {
      if (error instanceof AppError && error.code === "unauthorized")
        return { ok: false, message: error.message };
      throw error;
    }
  };

  return async (key) => {
    const id = createHash("sha256").update(key).digest("hex");
    let outcome = cache.get(id);
    if (!outcome) {
      let pending = inFlight.get(id);
      if (!pending) {
        pending = resolve(key).finally(() => inFlight.delete(id));
        inFlight.set(id, pending);
      }
      outcome = await pending;
      cache.set(id, outcome);
    }
    if (!outcome.ok) throw new UnauthorizedError(outcome.message);
    return outcome.identity;
  };
}
