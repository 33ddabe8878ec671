import {
  type Channel,
  ChannelProvider,
  ChannelUpdated,
  NotFoundError,
  type UpdateChannel,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { findChannel, updateChannel as updateChannelRow } from "../db/channels.js";
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

/**
 * A partial update. New credentials replace the old ones whole; switching provider without
 * credentials is allowed only to a provider that needs none (sandbox), and drops the old ones.
 */
export function updateChannel(
  deps: Pick<CoreDeps, "transact" | "credentials">,
  organizationId: string,
  id: string,
  input: UpdateChannel,
): Promise<Channel> {
  return withUniqueFields(CHANNEL_UNIQUE_FIELDS, () =>
    deps.transact(async (trx) => {
      const current = await findChannel(trx, organizationId, id, { forUpdate: true });
      if (!current) throw new NotFoundError("channel");
      const organization = await findOrganization(trx, organizationId);
      if (!organization) throw new NotFoundError("channel");
      const { phone, address } = channelAddressing(current.type, input, organization.default_country, {
        creating: false,
      });
      const provider = checkProvider(current.type, input.provider ?? ChannelProvider.parse(current.provider));
      const credentials =
        input.credentials !== undefined || provider !== current.provider
          ? deps.credentials.seal(id, parseCredentials(provider, input.credentials))
          : undefined;
      const row = await updateChannelRow(trx, organizationId, id, {
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
        credentials,
        send_rate: input.send_rate,
        voice_forwarding_numbers: forwardingNumbers(
          current.type,
          input.voice_forwarding_numbers,
          organization.default_country,
        ),
      });
      if (!row) throw new NotFoundError("channel");
      if (input.opening_hours) await replaceOpeningHours(trx, organizationId, id, input.opening_hours);
      const data = await channelEventData(trx, organizationId, row);
      await enqueue(trx, newEvent(ChannelUpdated, organizationId, data));
      const { user_ids: _, ...channel } = data;
      return channel;
    }),
  );
}
