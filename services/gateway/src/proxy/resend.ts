/** Repeating these has the effect of sending them once (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** A POST carrying it is idempotent too: the service answers a repeat from what it stored. */
const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

/** Errors of a connection that closed or was reset before the answer's headers arrived. */
const RESET_CODES = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

/** Whether sending the request a second time is safe if the first attempt may have arrived. */
export function mayResend(method: string, header: (name: string) => string | undefined): boolean {
  return (
    IDEMPOTENT_METHODS.has(method) || (method === "POST" && header(IDEMPOTENCY_KEY_HEADER) !== undefined)
  );
}

/**
 * Whether an upstream request failed because its connection went away before any answer, the
 * one failure worth a second try (a stale keep-alive connection, an upstream restarting).
 * A refused connection is not one: nothing listens, so a second try would fail the same way.
 */
export function isConnectionReset(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && RESET_CODES.has(code);
}
