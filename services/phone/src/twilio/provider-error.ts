import { ProviderError } from "@relay/domain";

/** What twilio's RestException / TwilioServiceException carry; network errors have no status. */
interface TwilioFailure {
  status?: unknown;
  code?: unknown;
  message?: unknown;
}

/**
 * Maps a failed Twilio call to a ProviderError: Twilio's own code (21211, 21610…) and message;
 * retryable when Twilio is overloaded (429), failing (5xx) or unreachable.
 */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = (typeof error === "object" && error !== null ? error : {}) as TwilioFailure;
  const status = typeof failure.status === "number" ? failure.status : undefined;
  const message = typeof failure.message === "string" && failure.message ? failure.message : String(error);
  if (status === undefined) {
    return new ProviderError(`Twilio unreachable: ${message}`, { retryable: true, cause: error });
  }
  const code = typeof failure.code === "number" && failure.code > 0 ? String(failure.code) : String(status);
  return new ProviderError(message, {
    providerCode: code,
    retryable: status === 429 || status >= 500,
    cause: error,
  });
}
