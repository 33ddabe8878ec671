import { createHash } from "node:crypto";
import { ValidationError } from "@relay/domain";
import type { MiddlewareHandler } from "hono";
import { type Kysely, sql, type Transaction } from "kysely";
import type { AppEnv } from "./http.js";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotent-replayed";

/** A request's `Idempotency-Key`, handed from the route to the transaction that makes its effect. */
export interface IdempotencyKey {
  organizationId: string;
  key: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  requestHash: string;
  /** Set when the answer is a stored one, so the route can say `Idempotent-Replayed: true`. */
  replayed?: boolean;
}

interface Stored {
  request_hash: string;
  result: { value: unknown } | null;
}

const mismatch = () => ValidationError.field("Idempotency-Key", "was already used with a different request");

/**
 * `Idempotency-Key` kept by the service that owns the effect, in the effect's own transaction:
 * the key and the result commit together or not at all, so a retry after any crash either
 * finds the result (and answers it again) or runs the request as if for the first time.
 */
export class Idempotency {
  constructor(
    private readonly db: Kysely<unknown>,
    private readonly ttlMs: number,
  ) {}

  /**
   * Middleware for a POST whose effect is one `transact(work, {idempotency})`; answers a stored
   * result as `{data}` with `status`, before the handler runs. Without the header it does nothing.
   */
  route(status: 200 | 201 | 202): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      const key = c.req.header(IDEMPOTENCY_HEADER);
      if (key === undefined) return next();
      if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
        throw ValidationError.field("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
      }
      const body = await c.req.text();
      const requestHash = createHash("sha256").update(`POST\n${c.req.path}\n${body}`).digest("hex");
      const idempotency: IdempotencyKey = { organizationId: c.get("organizationId"), key, requestHash };
      const stored = await this.find(this.db, idempotency);
      if (stored?.result) {
        if (stored.request_hash !== requestHash) throw mismatch();
        return c.json({ data: stored.result.value }, status, { [REPLAYED_HEADER]: "true" });
      }
      // The body was read to hash it; Hono keeps it (`c.req.text()` answers it again).
      c.set("idempotency", idempotency);
      await next();
      if (idempotency.replayed) c.res.headers.set(REPLAYED_HEADER, "true");
    };
  }

  /**
   * Runs `work` under the key, in `trx`: claims it (a concurrent request with the same key waits
   * here until the first commits), or returns the result stored by an earlier request.
   */
  async run<DB, T>(trx: Transaction<DB>, key: IdempotencyKey, work: () => Promise<T>): Promise<T> {
    const claimed = await sql`
      insert into idempotency_results as r (organization_id, key, request_hash)
      values (${key.organizationId}, ${key.key}, ${key.requestHash})
      on conflict (organization_id, key) do update
        set request_hash = excluded.request_hash, result = null, created_at = now()
        where r.created_at < now() - ${this.ttlMs} * interval '1 millisecond'
      returning key`.execute(trx);
    if (claimed.rows.length === 0) {
      const stored = await this.find(trx as Transaction<unknown>, key);
      if (stored?.request_hash !== key.requestHash) throw mismatch();
      if (!stored.result) throw new Error(`idempotency key ${key.key} committed without its result`);
      key.replayed = true;
      return stored.result.value as T;
    }
    const value = await work();
    await sql`
      update idempotency_results set result = ${JSON.stringify({ value: value ?? null })}::jsonb
      where organization_id = ${key.organizationId} and key = ${key.key}`.execute(trx);
    return value;
  }

  /**
   * Forgets a key in `trx`, for an effect undone in the same transaction (a campaign created, then
   * refused at send): a retry with the key then runs afresh and meets the same refusal.
   */
  async forget<DB>(trx: Transaction<DB>, key: IdempotencyKey): Promise<void> {
    await sql`delete from idempotency_results
      where organization_id = ${key.organizationId} and key = ${key.key}`.execute(trx);
  }

  /** Forgets results older than the TTL; returns how many. */
  async sweep(): Promise<number> {
    const result = await sql`
      delete from idempotency_results
      where created_at < now() - ${this.ttlMs} * interval '1 millisecond'`.execute(this.db);
    return Number(result.numAffectedRows ?? 0n);
  }

  private async find(db: Kysely<unknown> | Transaction<unknown>, key: IdempotencyKey) {
    const { rows } = await sql<Stored>`
      select request_hash, result from idempotency_results
      where organization_id = ${key.organizationId} and key = ${key.key}
        and created_at >= now() - ${this.ttlMs} * interval '1 millisecond'`.execute(db);
    return rows[0];
  }
}
