import { BaseConfig, SealingSettings } from "@relay/service-kit";
import { z } from "zod";

export const CoreConfig = BaseConfig.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** Operators present this as `Authorization: Bearer …` on `/admin/*`. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters"),
  /** Region used to read national phone numbers when the organization sets none. */
  DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code such as US")
    .default("US"),
  /** Seal channel credentials at rest: `CREDENTIALS_KEY` and `CREDENTIALS_PREVIOUS_KEYS`. */
  ...SealingSettings,
});
export type CoreConfig = z.infer<typeof CoreConfig>;
