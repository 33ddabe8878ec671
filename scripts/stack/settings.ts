import { z } from "zod";

/** The settings `pnpm start` reads from the environment (all optional; defaults run locally). */
export const StackSettings = z.object({
  DATABASE_URL: z.string().url().default("postgres://postgres@127.0.0.1:5432/postgres"),
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_-]*$/i)
    .default(""),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  CORE_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
  /** What providers call back and what the docs page names; defaults to the gateway's local URL. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  INTERNAL_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Where `pnpm start` keeps generated secrets and the demo organization's key. */
  STATE_DIR: z.string().default(".local"),
});
export type StackSettings = z.infer<typeof StackSettings>;

export interface ServiceSpec {
  name: string;
  port: number;
  env: Record<string, string>;
}

/** Every service the stack runs, in start order (a service starts after those it calls). */
export function serviceSpecs(settings: StackSettings): ServiceSpec[] {
  const local = (port: number) => `http://127.0.0.1:${port}`;
  return [
    { name: "core", port: settings.CORE_PORT, env: {} },
    { name: "gateway", port: settings.GATEWAY_PORT, env: { CORE_URL: local(settings.CORE_PORT) } },
  ];
}
