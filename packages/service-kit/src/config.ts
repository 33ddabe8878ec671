import { z } from "zod";

/** Settings every service reads; services extend this with their own. */
export const BaseConfig = z.object({
  /** PostgreSQL; each service owns one schema in it (`core`, `gateway`, …). */
  DATABASE_URL: z.string().url().default("postgres://postgres@127.0.0.1:5432/postgres"),
  /** NATS with JetStream; comma-separate the servers of a cluster. */
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  /** Prefixes every subject and stream, so several deployments (or test files) can share one NATS. */
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_-]*$/i)
    .default(""),
  /** NATS user/password authentication; both or neither (the server's `authorization { user, password }`). */
  NATS_USER: z.string().min(1).optional(),
  /** The password of `NATS_USER`. */
  NATS_PASSWORD: z.string().min(1).optional(),
  /** The PostgreSQL schema this service owns; defaults to the service's name. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  /** Interface to listen on; `0.0.0.0` in containers. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Shared secret between the gateway and the services: every internal request carries it. */
  INTERNAL_TOKEN: z.string().min(16, "must be at least 16 characters"),
  /** The public address (the gateway, or the balancer in front of it): what providers call back and sign webhooks over. */
  PUBLIC_BASE_URL: z.string().url().default("http://127.0.0.1:8080"),
  /** `fatal` … `trace`, or `silent`; `info` writes one access line per request. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** On SIGTERM, how long in-flight requests may take before the server closes anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** When set, `GET /metrics` requires `Authorization: Bearer <this>` (set it where the port is public). */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Age limit of the streams this service creates: older messages go (as do the oldest past `STREAM_MAX_BYTES`). */
  STREAM_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  /** Byte limit of each stream this service creates (-1: none); JetStream reserves it on the server up front. */
  STREAM_MAX_BYTES: z.coerce.number().int().min(-1).default(-1),
  /** Copies of each stream this service creates: 3 on a 3-node NATS cluster, 1 on a single server. */
  STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /**
   * OpenTelemetry: where to export traces (OTLP over HTTP/JSON; `<this>/v1/traces`, e.g.
   * `http://collector:4318`). Unset: no spans are recorded (trace ids still reach the logs).
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** The share of new traces recorded (0–1); a request that arrives traced keeps its caller's choice. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** How long an `Idempotency-Key` and its result are remembered. */
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses env with `schema`. On failure throws one line naming the variable(s),
 * so `main.ts` can print it and exit.
 */
export function loadConfig<T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv = process.env,
): z.output<T> {
  // Empty strings mean "unset" so that `FOO= pnpm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return issue.code === "invalid_type" && cleaned[name] === undefined
      ? `${name} is required`
      : `${name} ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
}

/** A TCP port setting; 0 asks the OS for a free one (tests). */
export const portSetting = (defaultPort: number) =>
  z.coerce.number().int().min(0).max(65535).default(defaultPort);

/** An on/off setting: `true`/`1` or `false`/`0`, `false` when unset. */
export const flagSetting = () =>
  z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1");
