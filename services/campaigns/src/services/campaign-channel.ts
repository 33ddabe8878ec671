import type { CampaignType, Channel } from "@relay/domain";
import { sendChannel } from "@relay/service-kit";
import type { CampaignsDeps } from "../deps.js";

export { channelAddress } from "@relay/service-kit";

const CHANNEL_TYPE: Record<CampaignType, Channel["type"]> = {
  sms: "phone",
  email: "email",
  whatsapp: "whatsapp",
};

/** The campaign's channel, of the type the campaign sends (see the kit's `sendChannel`). */
export function campaignChannel(
  deps: CampaignsDeps,
  organizationId: string,
  input: { type: CampaignType; channel_id?: string; from?: string },
  prefix = "",
): Promise<Channel> {
  return sendChannel(deps.channels, organizationId, CHANNEL_TYPE[input.type], input, prefix);
}
