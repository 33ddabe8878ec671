import {
  AppError,
  AuthenticateApiKey,
  AuthenticateSession,
  type SessionIdentity,
  UnauthorizedError,
  UnavailableError,
} from "@relay/domain";
import { type Bus, request } from "@relay/service-kit";
import type { LookupApiKey } from "./authenticator.js";

/** The owner answers `unauthorized` for unknown/disabled secrets; a malformed one is just as unknown. */
const REFUSALS = new Set(["unauthorized", "validation_failed", "not_found"]);

/** Resolves keys with core over NATS request-reply (`rpc.core.api_key.authenticate`). */
export function natsApiKeyLookup(bus: Bus, timeoutMs = 3_000): LookupApiKey {
  return async (key) => {
    try {
      return await request(bus, AuthenticateApiKey, { key }, timeoutMs);
    } catch (error) {
      throw refusalOr(error, "invalid or disabled API key", "core");
    }
  };
}

/** Resolves web session tokens with web over NATS request-reply (`rpc.web.session.authenticate`). */
export function natsSessionLookup(bus: Bus, timeoutMs = 3_000): (token: string) => Promise<SessionIdentity> {
  return async (token) => {
    try {
      return await request(bus, AuthenticateSession, { token }, timeoutMs);
    } catch (error) {
      throw refusalOr(error, "invalid, expired or revoked session: log in again", "web");
    }
  };
}

function refusalOr(error: unknown, refused: string, owner: string): AppError {
  if (error instanceof AppError && REFUSALS.has(error.code)) return new UnauthorizedError(refused);
  // No answer, or the owner failed: the secret cannot be checked, which is not the client's fault.
  return new UnavailableError(`${owner} is unavailable`, error);
}
