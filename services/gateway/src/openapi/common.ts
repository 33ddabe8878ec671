import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { DEFAULT_LIMIT, ErrorCode, MAX_LIMIT, MAX_OFFSET } from "@relay/domain";
import { z } from "./zod.js";

/** The error body every route answers with: the contract's `{error, status}` plus our additions. */
export const ErrorResponse = z.object({
  error: z.string().openapi({ description: "What went wrong, in a sentence.", example: "contact not found" }),
  status: z.number().int().openapi({ description: "The HTTP status, repeated.", example: 404 }),
  code: z
    .enum(Object.keys(ErrorCode) as [keyof typeof ErrorCode, ...(keyof typeof ErrorCode)[]])
    .openapi({ description: "A stable, machine-readable error code." }),
  details: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .openapi({ description: "For validation errors: each offending field (dotted path) and why." }),
  errors: z.array(z.object({ description: z.string() })).openapi({
    description:
      "The shape Whippy's clients read (`errors[0].description`): one entry per problem, `field: why` for " +
      "validation errors, otherwise `error` again.",
    example: [{ description: "phone: must be a valid phone number" }],
  }),
  request_id: z
    .string()
    .optional()
    .openapi({ description: "The request's id (also in the X-Request-Id header); quote it to support." }),
});

export const PathId = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path", description: "Resource UUID." } }),
});

/** The contract's list parameters, as the domain's `Pagination` reads them. */
export const ListQuery = z.object({
  limit: z
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .openapi({ description: `Number of results per page (default ${DEFAULT_LIMIT}, max ${MAX_LIMIT}).` }),
  offset: z.int().min(0).max(MAX_OFFSET).default(0).openapi({ description: "Number of results to skip." }),
});

/** The shared error responses, by status, referenced from every operation. */
const ERROR_RESPONSES = {
  "401": ["Unauthorized", "Missing, unknown or disabled API key."],
  "404": ["NotFound", "No such resource in your organization, or no such route."],
  "409": ["Conflict", "The request conflicts with existing data (e.g. a duplicate phone or email)."],
  "422": ["UnprocessableEntity", "Invalid input; `details` names each offending field."],
  "429": ["RateLimited", "Too many requests for your organization; retry after `Retry-After` seconds."],
  "503": ["Unavailable", "The service owning this route cannot be reached right now; retry later."],
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

export function registerCommon(registry: OpenAPIRegistry): void {
  registry.register("Error", ErrorResponse);
  registry.registerComponent("securitySchemes", "WhippyApiKey", {
    type: "apiKey",
    in: "header",
    name: "X-WHIPPY-KEY",
    description: "Your organization's API key.",
  });
  registry.registerComponent("securitySchemes", "BearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "The same API key, sent as `Authorization: Bearer <key>`.",
  });
  registry.registerComponent("securitySchemes", "AdminToken", {
    type: "http",
    scheme: "bearer",
    description: "The operator's `ADMIN_TOKEN`, for `/admin/*` only.",
  });
  const rateHeaders = {
    "X-RateLimit-Limit": { description: "Requests the bucket holds.", schema: { type: "integer" } },
    "X-RateLimit-Remaining": { description: "Requests left right now.", schema: { type: "integer" } },
  } as const;
  for (const [status, [name, description]] of Object.entries(ERROR_RESPONSES)) {
    registry.registerComponent("responses", name, {
      description,
      headers:
        status === "429"
          ? {
              "Retry-After": { description: "Seconds to wait (at least 1).", schema: { type: "integer" } },
              ...rateHeaders,
            }
          : undefined,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    });
  }
}

/** `$ref`s to the shared error responses: every API-key route can answer 401, 429 and 503. */
export function errorResponses(...statuses: ErrorStatus[]) {
  const all = new Set<ErrorStatus>(["401", "429", "503", ...statuses]);
  return Object.fromEntries(
    [...all]
      .sort()
      .map((status) => [status, { $ref: `#/components/responses/${ERROR_RESPONSES[status][0]}` }]),
  );
}

/** A JSON response for a zod schema. */
export function json(schema: z.ZodType, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body for a zod schema. */
export function jsonBody(schema: z.ZodType) {
  return { required: true, content: { "application/json": { schema } } };
}

/** The deletion answer every resource shares: `{data: {id, deleted: true}}`. */
export function deleted(id: z.ZodType = z.uuid()) {
  return z.object({ data: z.object({ id, deleted: z.literal(true) }) });
}

/**
 * `Idempotency-Key` on the POSTs that create or send: kept by the service that owns the effect,
 * in the transaction of that effect, so it holds across crashes.
 */
export const IdempotencyHeader = z.object({
  "Idempotency-Key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/)
    .optional()
    .openapi({
      description:
        "1–255 visible ASCII characters, per organization. The same key and body within 24 h " +
        "(`IDEMPOTENCY_TTL_HOURS`) answers the first result again, with `Idempotent-Replayed: true`, " +
        "and does nothing more, even after a crash or a lost answer: the key is stored in the same " +
        "transaction as what the request did. A request still running with the same key is waited " +
        "for and then answered the same way. The same key with another body is a 422 naming the " +
        "header. A request refused (4xx) or failed (5xx) stores nothing: retry it with the same key.",
    }),
});
