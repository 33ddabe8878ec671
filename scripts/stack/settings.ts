import { z } from "zod";
import {
  GATEWAY,
  instanceEnv,
  portSetting,
  SANDBOXES,
  SERVICES,
  type ServiceName,
  type ServiceNode,
  SMTP_SANDBOX_MAIL,
} from "../../topology/index.js";

/** The settings `pnpm start` reads from the environment (all optional; defaults run locally). */
export const StackSettings = z.object({
  DATABASE_URL: z.string().url().default("postgres://postgres@127.0.0.1:5432/postgres"),
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_-]*$/i)
    .default(""),
  // One `<NAME>_PORT` per service and sandbox of the topology, and their other listeners.
  ...portSettings(),
  /** What providers call back and what the docs page names; defaults to the gateway's local URL. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Passed to every service (core and web use it); generated on first start and kept in STATE_DIR/secrets.json when unset. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Passed to every service; generated on first start and kept in STATE_DIR/secrets.json when unset. */
  INTERNAL_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Core's key for channel credentials (32 bytes, base64); generated and kept in STATE_DIR when unset. */
  CREDENTIALS_KEY: z.string().min(1).optional(),
  /** NATS user/password, passed to every service. */
  NATS_USER: z.string().min(1).optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  /** Webhook endpoints may be http:// on this machine (a local receiver); never set it in production. */
  WEBHOOKS_ALLOW_LOCALHOST: z.enum(["true", "false"]).default("true"),
  /** Sequences' webhook steps may call http:// on this machine (a local receiver); never set it in production. */
  SEQUENCES_ALLOW_LOCALHOST: z.enum(["true", "false"]).default("true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Where `pnpm start` keeps generated secrets and the demo organization's key. */
  STATE_DIR: z.string().default(".local"),
});
export type StackSettings = z.infer<typeof StackSettings>;

export interface ServiceSpec {
  name: string;
  port: number;
  env: Record<string, string>;
  /** The entry file; services default to `services/<name>/src/main.ts`. */
  entry?: string;
}

/**
 * Every service the stack runs, in start order (sandboxes first): all from the topology. What
 * the launcher derives (`CORE_URL` from `CORE_PORT`, the sandbox addresses…) is a default only: a
 * setting in the user's environment reaches the service as it is. `PORT` is the exception: each
 * service's comes from its `<NAME>_PORT`.
 */
export function serviceSpecs(
  settings: StackSettings,
  userEnv: NodeJS.ProcessEnv = process.env,
): ServiceSpec[] {
  const port = (setting: string) => (settings as unknown as Record<string, number>)[setting] as number;
  const local = (p: number) => `http://127.0.0.1:${p}`;
  const publicUrl = settings.PUBLIC_BASE_URL ?? local(port(portSetting(GATEWAY)));
  const sandboxEnv: Record<SandboxName, Record<string, string>> = {
    "twilio-sandbox": {
      TWILIO_SANDBOX_PORT: String(port("TWILIO_SANDBOX_PORT")),
      TWILIO_SANDBOX_WEBHOOK_BASE_URL: publicUrl,
    },
    "smtp-sandbox": {
      SMTP_SANDBOX_PORT: String(port(SMTP_SANDBOX_MAIL.setting)),
      SMTP_SANDBOX_CONTROL_PORT: String(port("SMTP_SANDBOX_CONTROL_PORT")),
      SMTP_SANDBOX_DELIVER_TO: `127.0.0.1:${port("SMTP_PORT")}`,
    },
    "wa-sandbox": {
      WHATSAPP_SANDBOX_PORT: String(port("WHATSAPP_SANDBOX_PORT")),
      WHATSAPP_SANDBOX_WEBHOOK_URL: `${publicUrl}/webhooks/whatsapp`,
    },
  };
  // What each adapter needs to reach its sandbox: only `pnpm start` runs sandboxes.
  const toSandbox: Partial<Record<ServiceName, Record<string, string>>> = {
    phone: { TWILIO_SANDBOX_API_URL: local(port("TWILIO_SANDBOX_PORT")) },
    email: { SMTP_SANDBOX_HOST: "127.0.0.1", SMTP_SANDBOX_PORT: String(port(SMTP_SANDBOX_MAIL.setting)) },
    whatsapp: { WHATSAPP_SANDBOX_API_URL: local(port("WHATSAPP_SANDBOX_PORT")) },
    webhooks: { WEBHOOKS_ALLOW_LOCALHOST: settings.WEBHOOKS_ALLOW_LOCALHOST },
    sequences: { SEQUENCES_ALLOW_LOCALHOST: settings.SEQUENCES_ALLOW_LOCALHOST },
  };
  const sandboxes: ServiceSpec[] = SANDBOXES.map((sandbox) => ({
    name: sandbox.name,
    port: port(sandbox.setting),
    entry: sandbox.entry,
    env: sandboxEnv[sandbox.name],
  }));
  const services: ServiceSpec[] = SERVICES.map((service: ServiceNode) => ({
    name: service.name,
    port: port(portSetting(service.name)),
    env: {
      ...instanceEnv(
        service,
        {
          http: port(portSetting(service.name)),
          listens: Object.fromEntries((service.listens ?? []).map((l) => [l.setting, port(l.setting)])),
        },
        (upstream) => local(port(portSetting(upstream.name))),
      ),
      ...toSandbox[service.name as ServiceName],
    },
  }));
  const unlessSet = (env: Record<string, string>) =>
    Object.fromEntries(Object.entries(env).filter(([name]) => name === "PORT" || !userEnv[name]));
  return [...sandboxes, ...services].map((spec) => ({ ...spec, env: unlessSet(spec.env) }));
}

type SandboxName = (typeof SANDBOXES)[number]["name"];

function portSettings() {
  const port = (p: number) => z.coerce.number().int().min(1).max(65535).default(p);
  const entries: Array<[string, ReturnType<typeof port>]> = [
    ...SERVICES.map((s): [string, ReturnType<typeof port>] => [portSetting(s.name), port(s.port)]),
    ...SERVICES.flatMap((s: ServiceNode) =>
      (s.listens ?? []).map((l): [string, ReturnType<typeof port>] => [l.setting, port(l.port)]),
    ),
    ...SANDBOXES.map((s): [string, ReturnType<typeof port>] => [s.setting, port(s.port)]),
    [SMTP_SANDBOX_MAIL.setting, port(SMTP_SANDBOX_MAIL.port)],
  ];
  return Object.fromEntries(entries) as Record<PortSettingName, ReturnType<typeof port>>;
}

type PortSettingName =
  | `${Uppercase<ServiceName>}_PORT`
  | (typeof SANDBOXES)[number]["setting"]
  | typeof SMTP_SANDBOX_MAIL.setting
  | "SMTP_PORT";
