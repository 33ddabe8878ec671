import { type ChannelMatch, ForbiddenError, NotFoundError } from "@relay/domain";
import type { WhatsAppDeps } from "../deps.js";
import { signatureMatches } from "../graph/signature.js";
import type { ChangeValue } from "../graph/webhook-payload.js";

/** The channel a webhook change belongs to, once its signature has verified. */
export interface WebhookSource {
  organizationId: string;
  channelId: string;
}

/**
 * Finds which channel a change was sent for: WhatsApp Cloud channels holding its phone-number id,
 * then (for sandbox channels) those on its display number, keeping the first whose app secret
 * verifies `X-Hub-Signature-256`. None → 403, and the caller stores nothing.
 */
export async function authenticateWebhook(
  deps: Pick<WhatsAppDeps, "directory">,
  metadata: ChangeValue["metadata"],
  rawBody: string,
  signature: string | undefined,
): Promise<WebhookSource> {
  if (!signature) throw new ForbiddenError("missing X-Hub-Signature-256");
  const lookups: Array<() => Promise<ChannelMatch[]>> = [
    () => deps.directory.byPhoneNumberId(metadata.phone_number_id),
    () =>
      /\d/.test(metadata.display_phone_number)
        ? deps.directory.byDisplayNumber(metadata.display_phone_number)
        : Promise.resolve([]),
  ];
  for (const lookup of lookups) {
    for (const match of await lookup()) {
      const account = await deps.directory
        .account(match.organization_id, match.channel.id)
        .catch((error: unknown) => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        });
      if (!account || account.phoneNumberId !== metadata.phone_number_id) continue;
      if (signatureMatches(account.appSecret, rawBody, signature)) {
        return { organizationId: match.organization_id, channelId: match.channel.id };
      }
    }
  }
  throw new ForbiddenError("invalid X-Hub-Signature-256");
}
