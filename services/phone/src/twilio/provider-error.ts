import { ProviderError } from "@relay/domain";

/** What twilio's RestException / TwilioServiceException carry; network errors have no status. */
interface TwilioFailure {
  status?: unknown;
  code?: unknown;
  message?: unknown;
}

/** Network failures that happen before a request reaches Twilio: it cannot have acted on it. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Maps a failed Twilio call to a ProviderError: Twilio's own code (21211, 21610…) and message;
 * retryable when Twilio is overloaded (429), failing (5xx) or unreachable. A timeout, a cut
 * connection or a 5xx may hide a message Twilio created: those are ambiguous and reconciled.
 */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = (typeof error === "object" && error !== null ? error : {}) as TwilioFailure;
  const status = typeof failure.status === "number" ? failure.status : undefined;
  const message = typeof failure.message === "string" && failure.message ? failure.message : String(error);
  if (status === undefined) {
    const network = typeof failure.code === "string" ? failure.code : "";
    return new ProviderError(`Twilio unreachable: ${message}`, {
      retryable: true,
      ambiguous: !NEVER_SENT.has(network),
      cause: error,
    });
  }
  const code = typeof failure.code === "number" && failure.code > 0 ? String(failure.code) : String(status);
  return new ProviderError(message, {
    providerCode: code,
    retryable: status === 429 || status >= 500,
    ambiguous: status >= 500,
    cause: error,
  });
}
