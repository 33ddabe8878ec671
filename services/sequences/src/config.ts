import { BaseConfig, flagSetting, portSetting, SealingSettings } from "@relay/service-kit";
import { z } from "zod";

export const SequencesConfig = BaseConfig.extend({
  PORT: portSetting(8087),
  /** Seal each sequence's webhook signing secret at rest: `CREDENTIALS_KEY` and `CREDENTIALS_PREVIOUS_KEYS`, as core's. */
  ...SealingSettings,
  /**
   * Local development and tests only: webhook steps may call `http://` URLs on this machine
   * (loopback: 127.0.0.0/8, ::1, localhost). Other private, link-local and reserved targets stay refused.
   */
  SEQUENCES_ALLOW_LOCALHOST: flagSetting(),
  /** Webhook steps' calls in flight at once in one process (a due step waits for a free one). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  /** Conversations' internal API: sequences send through its bulk path. */
  CONVERSATIONS_URL: z.url(),
  /** How long a request to core (contacts, channels) or conversations may take. */
  CORE_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** How often the timer pass runs the steps that are due. */
  TIMER_INTERVAL_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /** Due steps claimed per pass (their sends go out in one bulk call per organization). */
  TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  /** Timer passes at once in one process: each claims its own due steps (skip locked), so one's bulk call does not hold up the next claim. */
  TIMER_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
  /**
   * Added to the wall clock, in ms: the service's clock is `Date.now() + CLOCK_OFFSET_MS`, so a
   * test (or a demo) started with it fires a wait of days now. 0 in production.
   */
  CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
});
export type SequencesConfig = z.infer<typeof SequencesConfig>;
