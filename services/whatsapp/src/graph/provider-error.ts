import { ProviderError } from "@relay/domain";
import { z } from "zod";

/** Meta's error answer; only what we keep. */
const GraphErrorBody = z.object({
  error: z.object({
    message: z.string(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  }),
});

/** Codes whose meaning we spell out for the agents reading the message record. */
const CLEAR_MESSAGES: Record<string, string> = {
  "131047": "outside the 24-hour window; a template is required",
  "190": "the WhatsApp access token is invalid or expired",
};

/**
 * Maps a failed Graph API answer to a ProviderError with Meta's code: retryable when Meta is
 * overloaded (429) or failing (5xx); other 4xx answers are final.
 */
export function graphError(status: number, text: string): ProviderError {
  let parsed: z.infer<typeof GraphErrorBody> | undefined;
  try {
    parsed = GraphErrorBody.safeParse(JSON.parse(text)).data;
  } catch {
    parsed = undefined;
  }
  const code = parsed?.error.code !== undefined ? String(parsed.error.code) : String(status);
  const raw = parsed?.error.message ?? `the Graph API answered ${status}`;
  const message = CLEAR_MESSAGES[code] ? `${CLEAR_MESSAGES[code]} (${raw})` : raw;
  return new ProviderError(message, {
    providerCode: code,
    retryable: status === 429 || status >= 500,
    // A 5xx may hide a message Meta accepted: the loop waits for a status naming it first.
    ambiguous: status >= 500,
  });
}

/** Failures before the request reached Meta: it cannot have acted on it. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function networkCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/**
 * The Graph API could not be reached, did not answer in time, or answered nonsense: always worth
 * a retry, and ambiguous unless the connection was refused outright.
 */
export function unreachable(error: unknown): ProviderError {
  const reason = error instanceof Error ? error.message : String(error);
  const code = networkCode(error);
  return new ProviderError(`the Graph API is unreachable: ${reason}`, {
    retryable: true,
    ambiguous: code === undefined || !NEVER_SENT.has(code),
    cause: error,
  });
}
