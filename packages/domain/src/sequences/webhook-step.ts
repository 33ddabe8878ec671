import { z } from "zod";
import { type FreeFormLimits, freeFormObject } from "../free-form.js";
import { StepKey } from "./step-key.js";

export const WEBHOOK_METHODS = ["POST", "PUT", "PATCH", "GET"] as const;
/** A webhook step's call, when the step gives no `timeout_ms`, and the most it may give. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const MAX_WEBHOOK_TIMEOUT_MS = 30_000;
/** Most bytes of an answer read: what a rule's `field` is looked up in. */
export const MAX_WEBHOOK_RESPONSE_BYTES = 64 * 1024;

/** The request's JSON body as the step writes it (`payload`): an object whose strings are templates. */
export const WEBHOOK_BODY_LIMITS: FreeFormLimits = { maxBytes: 16 * 1024, maxDepth: 6, maxKeys: 200 };

/**
 * Headers the call sets itself or that belong to the connection: the signature's, the body's
 * framing and type, and the hop-by-hop ones. A step may set any other.
 */
export const RESERVED_WEBHOOK_HEADERS: ReadonlySet<string> = new Set([
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "proxy-authorization",
  "proxy-connection",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "x-whippy-signature",
]);

const HeaderName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, "must be an HTTP header name")
  .refine((name) => !RESERVED_WEBHOOK_HEADERS.has(name.toLowerCase()), "is set by the call itself");
const HeaderValue = z
  .string()
  .max(1024)
  .regex(/^[^\r\n\0]*$/, "must be one line");

/** A status class (`2xx`) or one status (`404`). */
export const WebhookStatus = z.union([z.enum(["2xx", "3xx", "4xx", "5xx"]), z.int().min(100).max(599)]);
export type WebhookStatus = z.infer<typeof WebhookStatus>;

/** A dot path into the JSON answer: `data.available`, `items.0.id`. */
const FieldPath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "must be a dot path like data.available");

/**
 * A rule on the answer: its status is `status` (default `2xx`) and, with `field`, the JSON
 * answer has that field equal to `equals` (any value but null without `equals`); then `next`.
 */
export const WebhookRule = z
  .strictObject({
    status: WebhookStatus.optional(),
    field: FieldPath.optional(),
    equals: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]).optional(),
    next: StepKey,
  })
  .superRefine((rule, ctx) => {
    if (rule.status === undefined && rule.field === undefined)
      ctx.addIssue({ code: "custom", path: ["status"], message: "give status, field or both" });
    if (rule.equals !== undefined && rule.field === undefined)
      ctx.addIssue({ code: "custom", path: ["equals"], message: "needs a field to compare" });
  });
export type WebhookRule = z.infer<typeof WebhookRule>;

/**
 * Calls `url` (signed with the sequence's secret, Standard Webhooks), then goes by the answer:
 * the first of `rules` it matches, else `next` (or the step after it) for a 2xx, else
 * `on_failure` for anything else (another status, a timeout, a refused address); without
 * `on_failure` the run stops `failed`. `payload` (the JSON body; the contract's `body` is a
 * step's text) has its strings rendered with the send steps' template variables.
 */
export const WebhookStepInput = z
  .strictObject({
    key: StepKey.optional(),
    type: z.literal("webhook"),
    url: z.string().trim().min(1).max(2048),
    method: z.enum(WEBHOOK_METHODS).default("POST"),
    headers: z
      .record(HeaderName, HeaderValue)
      .refine((headers) => Object.keys(headers).length <= 20, "at most 20 headers")
      .optional(),
    payload: freeFormObject(WEBHOOK_BODY_LIMITS).optional(),
    timeout_ms: z.int().min(100).max(MAX_WEBHOOK_TIMEOUT_MS).optional(),
    rules: z.array(WebhookRule).max(20).default([]),
    next: StepKey.optional(),
    on_failure: StepKey.optional(),
  })
  .superRefine((step, ctx) => {
    if (step.method === "GET" && step.payload !== undefined)
      ctx.addIssue({ code: "custom", path: ["payload"], message: "a GET sends no payload" });
  });
export type WebhookStepInput = z.infer<typeof WebhookStepInput>;

/** What a run's history keeps of a webhook step's call. */
export const WebhookCallRecord = z.object({
  method: z.enum(WEBHOOK_METHODS),
  url: z.string(),
  /** Calls made: more than one only when a crash cut one off before its outcome was written. */
  attempts: z.int(),
  status: z.int().optional(),
  duration_ms: z.int().optional(),
  /** The answer's first 2 KiB. */
  response: z.string().optional(),
  /** The answer was longer than what is kept here. */
  truncated: z.boolean().optional(),
  error: z.string().optional(),
});
export type WebhookCallRecord = z.infer<typeof WebhookCallRecord>;

const matchesStatus = (want: WebhookStatus, status: number) =>
  typeof want === "number" ? status === want : Math.floor(status / 100) === Number(want[0]);

/** The value at a dot path of a JSON value (undefined when absent). */
export function valueAt(json: unknown, path: string): unknown {
  let at: unknown = json;
  for (const part of path.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    at = Object.hasOwn(at, part) ? (at as Record<string, unknown>)[part] : undefined;
  }
  return at;
}

/** The first rule an answer matches (`json`: its body parsed, when it was JSON). */
export function matchingRule(
  rules: readonly WebhookRule[],
  status: number,
  json: unknown,
): WebhookRule | undefined {
  return rules.find((rule) => {
    if (!matchesStatus(rule.status ?? "2xx", status)) return false;
    if (rule.field === undefined) return true;
    const value = valueAt(json, rule.field);
    return rule.equals === undefined ? value !== undefined && value !== null : value === rule.equals;
  });
}
