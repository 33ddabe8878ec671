import { AppError, ProviderError } from "@relay/domain";
import { z } from "zod";

export type Disposition = { action: "ack" } | { action: "nak"; delayMs: number } | { action: "term" };

const MAX_BACKOFF_MS = 60_000;

/**
 * The one place that decides what a failed message becomes. Bad payloads and client
 * mistakes will never succeed (term); everything else is retried with a growing delay.
 */
export function dispositionFor(error: unknown, deliveryCount: number): Disposition {
  const backoff = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.max(0, deliveryCount - 1));
  if (error instanceof z.ZodError) return { action: "term" };
  if (error instanceof ProviderError)
    return error.retryable ? { action: "nak", delayMs: backoff } : { action: "term" };
  if (error instanceof AppError) {
    if (error.code === "validation_failed" || error.code === "forbidden" || error.code === "conflict") {
      return { action: "term" };
    }
  }
  return { action: "nak", delayMs: backoff };
}
