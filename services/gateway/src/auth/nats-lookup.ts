import { AppError, AuthenticateApiKey, UnauthorizedError, UnavailableError } from "@relay/domain";
import { type Bus, request } from "@relay/service-kit";
import type { LookupApiKey } from "./authenticator.js";

/** Core answers `unauthorized` for unknown/disabled keys; a malformed key is just as unknown. */
const REFUSALS = new Set(["unauthorized", "validation_failed", "not_found"]);

/** Resolves keys with core over NATS request-reply (`rpc.core.api_key.authenticate`). */
export function natsApiKeyLookup(bus: Bus, timeoutMs = 3_000): LookupApiKey {
  return async (key) => {
    try {
      return await request(bus, AuthenticateApiKey, { key }, timeoutMs);
    } catch (error) {
      if (error instanceof AppError && REFUSALS.has(error.code)) {
        throw new UnauthorizedError("invalid or disabled API key");
      }
      // No answer, or core failed: the key cannot be checked, which is not the client's fault.
      throw new UnavailableError("core is unavailable", error);
    }
  };
}
