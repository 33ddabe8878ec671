import type { Logger, ReadinessCheck, Transact } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { ClientAssets } from "./client-build/client-assets.js";
import type { WebConfig } from "./config.js";
import type { WebDB } from "./db/schema.js";
import type { LiveHub } from "./live/hub.js";
import type { CoreUsers } from "./services/core-users.js";
import type { EmailChannels } from "./services/request-password-reset.js";

/** Everything routes, services and consumers need, built once in start.ts. */
export interface WebDeps {
  db: Kysely<WebDB>;
  /** A transaction whose enqueued events (reset mails) go out through the outbox once it commits. */
  transact: Transact<WebDB>;
  logger: Logger;
  config: Pick<
    WebConfig,
    | "PUBLIC_BASE_URL"
    | "ADMIN_TOKEN"
    | "SESSION_TTL_HOURS"
    | "LOGIN_MAX_FAILURES"
    | "LOGIN_WINDOW_SECONDS"
    | "INVITATION_TTL_HOURS"
    | "PASSWORD_RESET_TTL_MINUTES"
    | "LIVE_HEARTBEAT_MS"
  >;
  coreUsers: CoreUsers;
  emailChannels: EmailChannels;
  live: LiveHub;
  /** The built app (page, scripts, styles), read once at start. */
  client: ClientAssets;
  /** The clock: injected so tests move time (session expiry, login windows). */
  now(): Date;
  readiness: ReadinessCheck[];
}
