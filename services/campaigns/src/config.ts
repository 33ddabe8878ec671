import { BaseConfig, portSetting } from "@relay/service-kit";
import { z } from "zod";

export const CampaignsConfig = BaseConfig.extend({
  PORT: portSetting(8086),
  /** Conversations' internal API: campaigns send through its bulk path. */
  CONVERSATIONS_URL: z.url(),
  /** How long a request to core (audience pages, contacts) or conversations may take. */
  CORE_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** How often the dispatcher hands due recipients to the bulk path. */
  DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /** Campaigns visited at once in a dispatcher pass (each holds a database connection while it hands over). */
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(4),
  /** Contacts read from core per audience page while a campaign's recipients are stored. */
  AUDIENCE_PAGE_SIZE: z.coerce.number().int().min(1).max(500).default(500),
});
export type CampaignsConfig = z.infer<typeof CampaignsConfig>;
