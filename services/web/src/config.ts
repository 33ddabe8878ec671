import { BaseConfig, portSetting } from "@relay/service-kit";
import { z } from "zod";

export const WebConfig = BaseConfig.extend({
  PORT: portSetting(8089),
  /** Core's internal API: users are created and read there (web keeps only their credentials). */
  CORE_URL: z.url().transform((url) => url.replace(/\/+$/, "")),
  /** The operator's token: `/app/api/admin/*` (password-reset links) needs it as a bearer token. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** How long a login lasts; it is refused after that (log in again). */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Failed logins one email may have per window before logins for it answer 429. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** The window `LOGIN_MAX_FAILURES` is counted in. */
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** How long an invitation link can be used to set a password. */
  INVITATION_TTL_HOURS: z.coerce.number().positive().default(72),
  /** How long a password-reset link can be used. */
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().positive().default(60),
  /** How often the live stream looks for new events to push. */
  LIVE_POLL_MS: z.coerce.number().int().min(10).max(5000).default(200),
  /** How long events stay replayable for a stream resumed with `Last-Event-ID`. */
  LIVE_RETENTION_MINUTES: z.coerce.number().int().min(1).default(60),
  /** A comment line every so often keeps an idle stream open through proxies. */
  LIVE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(20_000),
});
export type WebConfig = z.infer<typeof WebConfig>;
