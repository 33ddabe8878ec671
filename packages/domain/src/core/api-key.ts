import { z } from "zod";
import { defineEvent } from "../events.js";

/** An API key as listings show it: never the secret, only its visible prefix. */
export const ApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  /** `wk_` and the next 8 characters of the key, to tell keys apart. */
  prefix: z.string(),
  enabled: z.boolean(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
  last_used_at: z.iso.datetime({ offset: true }).nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** The answer to creating a key: the only time the whole key is shown. */
export const IssuedApiKey = ApiKey.extend({ key: z.string() });
export type IssuedApiKey = z.infer<typeof IssuedApiKey>;

const KeyName = z.string().trim().min(1).max(100);

export const CreateApiKey = z.strictObject({ name: KeyName });
export type CreateApiKey = z.infer<typeof CreateApiKey>;

/** The admin route may omit the name. */
export const AdminCreateApiKey = z.strictObject({ name: KeyName.optional() });
export type AdminCreateApiKey = z.infer<typeof AdminCreateApiKey>;

export const UpdateApiKey = z.strictObject({ name: KeyName.optional(), enabled: z.boolean().optional() });
export type UpdateApiKey = z.infer<typeof UpdateApiKey>;

// Event data is the public shape (z.object strips anything else, so a secret can never leak).
export const ApiKeyCreated = defineEvent("core.api_key.created", ApiKey);
export const ApiKeyUpdated = defineEvent("core.api_key.updated", ApiKey);
export const ApiKeyDeleted = defineEvent("core.api_key.deleted", z.object({ id: z.uuid() }));
