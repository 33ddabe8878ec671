import { type Channel, ChannelCreated, type CreateChannel, NotFoundError } from "@relay/domain";
import { enqueue, type IdempotencyKey, newEvent } from "@relay/service-kit";
import { insertChannel } from "../db/channels.js";
import { replaceOpeningHours } from "../db/opening-hours.js";
import { findOrganization } from "../db/organizations.js";
import type { CoreDeps } from "../deps.js";
import {
  CHANNEL_UNIQUE_FIELDS,
  channelAddressing,
  checkProvider,
  forwardingNumbers,
  parseCredentials,
} from "./channel-rules.js";
import { channelEventData } from "./channel-view.js";
import { withUniqueFields } from "./unique-fields.js";

export function createChannel(
  deps: Pick<CoreDeps, "transact" | "credentials">,
  organizationId: string,
  input: CreateChannel,
  idempotency?: IdempotencyKey,
): Promise<Channel> {
  return withUniqueFields(CHANNEL_UNIQUE_FIELDS, () =>
    deps.transact(
      async (trx) => {
        const organization = await findOrganization(trx, organizationId);
        if (!organization) throw new NotFoundError("organization");
        const { phone, address } = channelAddressing(input.type, input, organization.default_country, {
          creating: true,
        });
        const provider = checkProvider(input.type, input.provider ?? "sandbox");
        const id = crypto.randomUUID();
        const row = await insertChannel(trx, {
          id,
          organization_id: organizationId,
          type: input.type,
          name: input.name,
          description: input.description,
          phone,
          address,
          timezone: input.timezone,
          color: input.color,
          emoji: input.emoji,
          automatic_response_open: input.automatic_response_open,
          automatic_response_closed: input.automatic_response_closed,
          help_text: input.help_text,
          provider,
          credentials: deps.credentials.seal(id, parseCredentials(provider, input.credentials)),
          send_rate: input.send_rate,
          voice_forwarding_numbers: forwardingNumbers(
            input.type,
            input.voice_forwarding_numbers,
            organization.default_country,
          ),
        });
        await replaceOpeningHours(trx, organizationId, row.id, input.opening_hours ?? []);
        const data = await channelEventData(trx, organizationId, row);
        await enqueue(trx, newEvent(ChannelCreated, organizationId, data));
        const { user_ids: _, ...channel } = data;
        return channel;
      },
      { idempotency },
    ),
  );
}
