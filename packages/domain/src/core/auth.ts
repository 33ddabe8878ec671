import { z } from "zod";
import { defineRequest } from "../requests.js";

/**
 * The gateway asks core who an API key belongs to. Unknown, disabled or deleted keys
 * answer with an `unauthorized` error.
 */
export const AuthenticateApiKey = defineRequest(
  "rpc.core.api_key.authenticate",
  z.object({ key: z.string().min(1).max(200) }),
  z.object({ organization_id: z.uuid(), api_key_id: z.uuid() }),
);
