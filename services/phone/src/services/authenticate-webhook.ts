import { ForbiddenError, NotFoundError } from "@relay/domain";
import twilio from "twilio";
import type { PhoneDeps } from "../deps.js";
import type { FormParams } from "../twilio/form.js";
import type { WebhookSource } from "./webhook-sources.js";

export interface SignedRequest {
  /** The URL Twilio called: PUBLIC_BASE_URL + path + query (what Twilio signed). */
  url: string;
  params: FormParams;
  signature: string | undefined;
}

/**
 * Finds which channel sent a webhook: the first candidate (in order) whose account's auth
 * token verifies `X-Twilio-Signature` (twilio's validateRequest, constant-time). `lookups` run
 * in turn until one yields candidates. None → 403, and the caller stores nothing.
 */
export async function authenticateWebhook(
  deps: Pick<PhoneDeps, "directory">,
  request: SignedRequest,
  lookups: Array<() => Promise<WebhookSource[]>>,
): Promise<WebhookSource> {
  if (!request.signature) throw new ForbiddenError("missing X-Twilio-Signature");
  for (const lookup of lookups) {
    const sources = await lookup();
    if (sources.length === 0) continue;
    for (const source of sources) {
      const account = await deps.directory
        .account(source.organizationId, source.channelId)
        .catch((error: unknown) => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        });
      if (
        account &&
        twilio.validateRequest(account.authToken, request.signature, request.url, request.params)
      ) {
        return source;
      }
    }
    break;
  }
  throw new ForbiddenError("invalid X-Twilio-Signature");
}
