import { BaseConfig, flagSetting, portSetting, SealingSettings } from "@relay/service-kit";
import { z } from "zod";

export const WebhooksConfig = BaseConfig.extend({
  PORT: portSetting(8088),
  /** Seal endpoint signing secrets at rest: `CREDENTIALS_KEY` and `CREDENTIALS_PREVIOUS_KEYS`, as core's. */
  ...SealingSettings,
  /**
   * Local development and tests only: endpoints may be `http://` and on this machine (loopback:
   * 127.0.0.0/8, ::1, localhost). Other private, link-local and reserved targets stay refused.
   */
  WEBHOOKS_ALLOW_LOCALHOST: flagSetting(),
  /** How long an attempt may take (answer included) before it counts as failed. */
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  /** Attempts in flight at once to one endpoint: one slow receiver never takes the others' turns. */
  ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** Attempts in flight at once in this instance, over every endpoint. */
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(256),
  /** How often the dispatcher looks for due retries (new events wake it at once). */
  DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).max(10_000).default(250),
});
export type WebhooksConfig = z.infer<typeof WebhooksConfig>;
