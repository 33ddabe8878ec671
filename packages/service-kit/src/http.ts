import { timingSafeEqual } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import {
  AppError,
  type ErrorBody,
  type ErrorCode,
  type ErrorDetail,
  UnauthorizedError,
  ValidationError,
  validationErrorFrom,
} from "@relay/domain";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { nodeBodyLimit } from "./body-limit.js";
import { clientDataError } from "./database-errors.js";
import type { IdempotencyKey } from "./idempotency.js";
import type { Logger } from "./logger.js";
import { metricsOf, routeLabel, serveMetrics } from "./observability/http-metrics.js";
import { runWithContext, TRACEPARENT_HEADER } from "./observability/request-context.js";
import { openUnit } from "./observability/tracing.js";

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    /** Set by `internalAuth` from the gateway's `X-Organization-Id` header. */
    organizationId: string;
    /** Set by `Idempotency.route` when the request carries an `Idempotency-Key`. */
    idempotency: IdempotencyKey | undefined;
    /** The route's label in metrics and the access log, when the matched pattern is not it. */
    route: string;
    /**
     * The channels a web session's agent may use (`X-Relay-Channel-Ids`); undefined when the
     * caller reaches every channel (an API key, an admin, another service). See `inChannelScope`.
     */
    channelScope: ChannelScope | undefined;
    /** The web user a request acts for (`X-Relay-User-Id`); undefined for API keys. */
    userId: number | undefined;
  };
}

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ServiceAppOptions {
  logger: Logger;
  readiness?: ReadinessCheck[];
  maxBodyBytes?: number;
}

export const REQUEST_ID_HEADER = "x-request-id";
export const INTERNAL_TOKEN_HEADER = "x-internal-token";
export const ORGANIZATION_HEADER = "x-organization-id";
/** Set by the gateway for web sessions: the user, and for agents the channels they may use. */
export const USER_ID_HEADER = "x-relay-user-id";
export const CHANNEL_SCOPE_HEADER = "x-relay-channel-ids";

/** The channels a caller may use; a service answers 404 for anything on another channel. */
export type ChannelScope = ReadonlySet<string>;

/** Whether `channelId` is within `scope` (no scope: every channel). */
export function inChannelScope(scope: ChannelScope | undefined, channelId: string): boolean {
  return scope === undefined || scope.has(channelId);
}

/** The scope as the header carries it: comma-separated ids; present and empty means none. */
export function channelScopeHeader(channelIds: readonly string[]): string {
  return channelIds.join(",");
}

/** The error body every service and the gateway answer with. */
export function errorBody(
  code: ErrorCode,
  status: number,
  message: string,
  requestId?: string,
  details?: unknown,
) {
  const problems = Array.isArray(details) ? (details as ErrorDetail[]) : [];
  const body: ErrorBody = {
    error: message,
    status,
    code,
    errors: problems.length
      ? problems.map((d) => ({ description: `${d.field}: ${d.message}` }))
      : [{ description: message }],
  };
  if (problems.length > 0) body.details = problems;
  if (requestId) body.request_id = requestId;
  return body;
}

export function errorResponse(c: Context<AppEnv>, error: unknown): Response {
  const requestId = c.get("requestId");
  if (error instanceof AppError) {
    if (error.status >= 500) c.get("logger")?.error({ err: error }, error.message);
    const res = c.json(
      errorBody(error.code, error.status, error.message, requestId, error.details),
      error.status as ContentfulStatusCode,
    );
    if ("retryAfterSeconds" in error) res.headers.set("Retry-After", String(error.retryAfterSeconds));
    return res;
  }
  if (error instanceof z.ZodError) return errorResponse(c, validationErrorFrom(error));
  if (error instanceof HTTPException) {
    if (error.status === 413) {
      return c.json(errorBody("payload_too_large", 413, "request body too large", requestId), 413);
    }
    if (error.status === 401) return errorResponse(c, new UnauthorizedError(error.message));
    if (error.status < 500) return errorResponse(c, new ValidationError(error.message || "bad request"));
  }
  // A net, not the fix: input the edge and the schemas let through that PostgreSQL still refused.
  const dataError = clientDataError(error);
  if (dataError) {
    c.get("logger")?.warn({ err: error, sqlstate: dataError.code }, "database refused client data");
    return c.json(
      errorBody("validation_failed", 422, "invalid input: a value could not be stored", requestId),
      422,
    );
  }
  c.get("logger")?.error({ err: error }, "unhandled error");
  return c.json(errorBody("internal", 500, "internal error", requestId), 500);
}

/**
 * The Hono app every service starts from: request ids, access logs, one error handler
 * producing `{error, status, code, details?, request_id}`, 404 for unknown routes,
 * `/healthz` (alive) and `/readyz` (dependencies answer).
 */
export function createServiceApp(options: ServiceAppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const incoming = c.req.header(REQUEST_ID_HEADER);
    const requestId = incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    // Log lines get the request id from the context (the logger's mixin): no child logger per request.
    c.set("logger", options.logger);
    const path = c.req.path;
    const quiet = path === "/healthz" || path === "/readyz" || path === "/metrics";
    const metrics = metricsOf(c);
    const { method } = c.req;
    const unit = openUnit(
      quiet ? undefined : metrics?.tracer,
      requestId,
      c.req.header(TRACEPARENT_HEADER),
      method,
      SpanKind.SERVER,
      { "http.request.method": method, "url.path": path },
    );
    const { context } = unit;
    const started = performance.now();
    await runWithContext(context, next);
    c.res.headers.set(REQUEST_ID_HEADER, requestId);
    if (quiet) return;
    const logged = options.logger.isLevelEnabled("info");
    if (!metrics && !logged) return;
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c, metrics);
    const status = c.res.status;
    if (unit.span) {
      unit.span.updateName(`${method} ${route}`);
      const organizationId = c.get("organizationId");
      unit.end(status >= 500 ? `answered ${status}` : undefined, {
        "http.route": route,
        "http.response.status_code": status,
        ...(organizationId && { "relay.organization_id": organizationId }),
      });
    }
    if (metrics) {
      metrics.httpRequests.inc({ method, route, status });
      metrics.httpDuration.observe({ method, route }, seconds);
    }
    if (logged) {
      // The access log: one line per request, written under the request's context.
      options.logger.info(
        {
          ...context.logFields,
          method,
          route,
          status,
          ms: Math.round(seconds * 1000),
          organization_id: c.get("organizationId"),
        },
        "request",
      );
    }
  });
  app.use(
    nodeBodyLimit(options.maxBodyBytes ?? 5 * 1024 * 1024, (c) =>
      c.json(errorBody("payload_too_large", 413, "request body too large", c.get("requestId")), 413),
    ),
  );

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/metrics", (c) => serveMetrics(c));
  app.get("/readyz", async (c) => {
    const results = await Promise.all(
      (options.readiness ?? []).map(async ({ name, check }) => {
        try {
          await check();
          return { name, ok: true };
        } catch (error) {
          return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    return c.json({ status: ready ? "ready" : "not_ready", checks: results }, ready ? 200 : 503);
  });

  app.notFound((c) => {
    c.set("route", "unmatched");
    return c.json(errorBody("not_found", 404, "route not found", c.get("requestId")), 404);
  });
  app.onError((error, c) => errorResponse(c, error));
  return app;
}

export function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const OrganizationId = z.uuid();

/**
 * Guards a service's internal API: only callers holding the internal token (the gateway,
 * other services) get in, and the organization they act for comes from a header.
 */
export function internalAuth(token: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const presented = c.req.header(INTERNAL_TOKEN_HEADER) ?? "";
    if (!constantTimeEquals(presented, token)) throw new UnauthorizedError("internal token required");
    const organizationId = OrganizationId.safeParse(c.req.header(ORGANIZATION_HEADER));
    if (!organizationId.success) throw new UnauthorizedError("organization header required");
    c.set("organizationId", organizationId.data);
    const scope = c.req.header(CHANNEL_SCOPE_HEADER);
    if (scope !== undefined) {
      const ids = scope.split(",").filter((id) => id !== "");
      if (!ids.every((id) => OrganizationId.safeParse(id).success))
        throw new UnauthorizedError("malformed channel scope header");
      c.set("channelScope", new Set(ids));
    }
    const userId = Number(c.req.header(USER_ID_HEADER));
    if (Number.isSafeInteger(userId) && userId > 0) c.set("userId", userId);
    await next();
  };
}
