import { BaseConfig } from "@relay/service-kit";
import { z } from "zod";
import { decodeKey } from "./services/credentials-cipher.js";

const credentialsKey = z
  .string()
  .refine((text) => decodeKey(text) !== undefined, "must be 32 bytes in base64 (openssl rand -base64 32)");

export const CoreConfig = BaseConfig.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  /** Operators present this as `Authorization: Bearer …` on `/admin/*`. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters"),
  /** Region used to read national phone numbers when the organization sets none. */
  DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code such as US")
    .default("US"),
  /** Seals channel credentials at rest (AES-256-GCM); 32 random bytes in base64. */
  CREDENTIALS_KEY: credentialsKey,
  /** Keys sealed with before, comma-separated: still opened, and re-sealed under CREDENTIALS_KEY at start. */
  CREDENTIALS_PREVIOUS_KEYS: z
    .string()
    .default("")
    .transform((text) =>
      text
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .pipe(z.array(credentialsKey)),
});
export type CoreConfig = z.infer<typeof CoreConfig>;
