import { AppError, type CampaignType, type Channel, ValidationError } from "@relay/domain";
import type { CampaignsDeps } from "../deps.js";

const CHANNEL_TYPE: Record<CampaignType, Channel["type"]> = {
  sms: "phone",
  email: "email",
  whatsapp: "whatsapp",
};

/**
 * The campaign's channel, by id or by its address (without either, the organization's oldest
 * channel of the type), of the type the campaign sends; 422 naming the field otherwise.
 */
export async function campaignChannel(
  deps: CampaignsDeps,
  organizationId: string,
  input: { type: CampaignType; channel_id?: string; from?: string },
  prefix = "",
): Promise<Channel> {
  const field = `${prefix}${input.channel_id ? "channel_id" : "from"}`;
  let channel: Channel;
  try {
    channel = input.channel_id
      ? await deps.channels.channel(organizationId, input.channel_id)
      : input.from === undefined
        ? await deps.channels.firstChannel(organizationId, CHANNEL_TYPE[input.type])
        : await deps.channels.channelAt(organizationId, input.from, CHANNEL_TYPE[input.type]);
  } catch (error) {
    if (error instanceof AppError && (error.code === "not_found" || error.code === "validation_failed"))
      throw ValidationError.field(
        field,
        input.channel_id || input.from !== undefined
          ? "is not one of your channels"
          : `is required: you have no ${CHANNEL_TYPE[input.type]} channel to send from`,
      );
    throw error;
  }
  if (channel.type !== CHANNEL_TYPE[input.type]) {
    throw ValidationError.field(
      field,
      `is a ${channel.type} channel, not one a ${input.type} campaign sends on`,
    );
  }
  return channel;
}

/** The address the bulk path names a channel by. */
export function channelAddress(channel: Channel): string {
  return channel.phone ?? channel.address ?? "";
}
