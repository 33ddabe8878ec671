import { z } from "zod";
import { loadSandboxEnv } from "../sandbox-env.js";

/** The sandbox's fixed local-development credentials: not secrets, they only reach this fake. */
export const SANDBOX_ACCOUNT_SID = "AC00000000000000000000000000000000";
export const SANDBOX_AUTH_TOKEN = "sandbox_auth_token_for_local_dev";

/** Environment of the Twilio sandbox process (all optional). */
export const SandboxConfig = z.object({
  /** The Twilio sandbox's API port (0: a free one, printed). */
  TWILIO_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  /** Interface the Twilio sandbox listens on. */
  TWILIO_SANDBOX_HOST: z.string().min(1).default("127.0.0.1"),
  TWILIO_SANDBOX_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex characters")
    .default(SANDBOX_ACCOUNT_SID),
  TWILIO_SANDBOX_AUTH_TOKEN: z.string().min(1).default(SANDBOX_AUTH_TOKEN),
  /** Where the platform receives Twilio webhooks: `<base>/webhooks/twilio/sms`, `…/voice`. */
  TWILIO_SANDBOX_WEBHOOK_BASE_URL: z.url().default("http://127.0.0.1:8080"),
  /** Pause between status callbacks (queued → sent → delivered), in ms. */
  TWILIO_SANDBOX_STATUS_DELAY_MS: z.coerce.number().int().min(0).default(200),
});
export type SandboxConfig = z.infer<typeof SandboxConfig>;

/** Parses the env; throws one line naming the first bad variable. */
export const loadSandboxConfig = (env: NodeJS.ProcessEnv = process.env): SandboxConfig =>
  loadSandboxEnv(SandboxConfig, env);
