import { createHash } from "node:crypto";
import { ConflictError, ValidationError } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import type { MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import { claimKey, completeKey, releaseKey } from "../db/idempotency-keys.js";
import type { GatewayDB } from "../db/schema.js";

export const IDEMPOTENCY_HEADER = "idempotency-key";

export interface IdempotencyOptions {
  db: Kysely<GatewayDB>;
  /** How long a key is remembered. */
  ttlMs: number;
  /** How long an unfinished request holds its key before another may take it over. */
  staleAfterMs: number;
}

/**
 * `Idempotency-Key` on POSTs: the same key with the same request answers the first response
 * again (with `Idempotent-Replayed: true`); with a different request it is a 422; while the
 * first is still running it is a 409. Server errors (5xx) are not remembered, so the client
 * may retry with the same key. Keys are per organization.
 */
export function idempotency(options: IdempotencyOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (c.req.method !== "POST" || key === undefined) return next();
    if (key.length < 1 || key.length > 255) {
      throw ValidationError.field("Idempotency-Key", "must be 1 to 255 characters");
    }
    const body = await c.req.text();
    const path = new URL(c.req.url).pathname;
    const id = { organization_id: c.get("organizationId"), key };
    const request_hash = createHash("sha256").update(`POST\n${path}\n${body}`).digest("hex");

    const claim = await claimKey(options.db, { ...id, request_hash }, options);
    if (!claim.claimed) {
      const { stored } = claim;
      if (stored.request_hash !== request_hash) {
        throw ValidationError.field("Idempotency-Key", "was already used with a different request");
      }
      if (stored.state !== "done" || stored.status === null) {
        throw new ConflictError("a request with this Idempotency-Key is still being processed");
      }
      return new Response(stored.body, {
        status: stored.status,
        headers: {
          ...(stored.content_type ? { "content-type": stored.content_type } : {}),
          "idempotent-replayed": "true",
        },
      });
    }

    // The body was read to hash it: hand the handler an identical request.
    c.req.raw = new Request(c.req.raw, { body });
    try {
      await next();
    } catch (error) {
      await releaseKey(options.db, id);
      throw error;
    }
    if (c.res.status >= 500) {
      await releaseKey(options.db, id);
      return;
    }
    const answer = await c.res.clone().text();
    await completeKey(options.db, id, {
      status: c.res.status,
      content_type: c.res.headers.get("content-type"),
      body: answer,
    });
  };
}
