import { BaseConfig, portSetting } from "@relay/service-kit";
import { z } from "zod";

export const ConversationsConfig = BaseConfig.extend({
  PORT: portSetting(8082),
  /** An automatic reply goes out at most once per conversation in this many seconds. */
  AUTO_RESPONSE_COOLDOWN_SECONDS: z.coerce.number().int().min(0).default(3600),
  /** How often the scheduler looks for scheduled messages that are due. */
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Most due messages one scheduler pass releases (each in its own transaction). */
  SCHEDULER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
  /** How long a request to core (channel, contact, assignee lookups) may take. */
  CORE_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** The domain of our outbound `Message-ID`s: `<message-uuid@EMAIL_MESSAGE_ID_DOMAIN>`. */
  EMAIL_MESSAGE_ID_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, "must be a domain name")
    .default("relay.local"),
  /**
   * Signs the one-click unsubscribe links of automated email. Optional: when unset it is derived
   * from INTERNAL_TOKEN (so rotating that token invalidates links already sent; set this to keep them).
   */
  UNSUBSCRIBE_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
});
export type ConversationsConfig = z.infer<typeof ConversationsConfig>;
