import { AppError, type Channel, ValidationError } from "@relay/domain";
import type { ChannelCatalog } from "./channel-catalog.js";

/**
 * The channel of `type` something sends on: by id, by its address, or (with neither) the
 * organization's oldest channel of the type. A 422 naming the field it came from otherwise
 * (`prefix` + `channel_id` or `from`). Campaigns and sequences choose their channel this way.
 */
export async function sendChannel(
  catalog: Pick<ChannelCatalog, "channel" | "channelAt" | "firstChannel">,
  organizationId: string,
  type: Channel["type"],
  input: { channel_id?: string | undefined; from?: string | undefined },
  prefix = "",
): Promise<Channel> {
  const field = `${prefix}${input.channel_id ? "channel_id" : "from"}`;
  let channel: Channel;
  try {
    channel = input.channel_id
      ? await catalog.channel(organizationId, input.channel_id)
      : input.from === undefined
        ? await catalog.firstChannel(organizationId, type)
        : await catalog.channelAt(organizationId, input.from, type);
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "validation_failed"))
      throw ValidationError.field(
        field,
        input.channel_id || input.from !== undefined
          ? "is not one of your channels"
          : `is required: you have no ${type} channel to send from`,
      );
    throw error;
  }
  if (channel.type !== type)
    throw ValidationError.field(field, `is a ${channel.type} channel, not a ${type} channel`);
  return channel;
}

/** The address the bulk path names a channel by. */
export const channelAddress = (channel: Channel) => channel.phone ?? channel.address ?? "";
