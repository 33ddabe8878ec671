import { z } from "zod";
import { loadSandboxEnv } from "../sandbox-env.js";

const port = (defaultPort: number) => z.coerce.number().int().min(0).max(65535).default(defaultPort);

/** Environment of the SMTP sandbox process (all optional). */
export const SmtpSandboxConfig = z.object({
  /** Where `sandbox` email channels send: the sandbox's SMTP port (the email service's setting of the same name points there). */
  SMTP_SANDBOX_PORT: port(2525),
  /** The sandbox's control API: `GET /sandbox/mail`, `POST /sandbox/mail`. */
  SMTP_SANDBOX_CONTROL_PORT: port(8091),
  /** `host:port` of the platform's inbound SMTP listener, where `POST /sandbox/mail` delivers. */
  SMTP_SANDBOX_DELIVER_TO: z
    .string()
    .regex(/^[^:]+:\d+$/, "must be host:port")
    .default("127.0.0.1:2526"),
  /** Interface both ports listen on. */
  HOST: z.string().min(1).default("127.0.0.1"),
});
export type SmtpSandboxConfig = z.infer<typeof SmtpSandboxConfig>;

export const loadSmtpSandboxConfig = (env: NodeJS.ProcessEnv = process.env): SmtpSandboxConfig =>
  loadSandboxEnv(SmtpSandboxConfig, env);
