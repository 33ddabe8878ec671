import { z } from "zod";
import { defineRequest } from "../requests.js";
import { Channel } from "./channel.js";
import { ChannelCredentials, ChannelType } from "./channel-provider.js";

/**
 * Finds a channel by id, or by its address: a phone number (read in the organization's
 * country) or an email address. `type` tells a phone channel from a WhatsApp channel on the
 * same number; without it a phone channel is preferred. Unknown → `not_found`.
 */
export const ResolveChannel = defineRequest(
  "rpc.core.channel.resolve",
  z
    .object({
      organization_id: z.uuid(),
      id: z.uuid().optional(),
      address: z.string().trim().min(1).max(320).optional(),
      type: ChannelType.optional(),
    })
    .refine((r) => (r.id === undefined) !== (r.address === undefined), {
      message: "give exactly one of id or address",
      path: ["id"],
    }),
  Channel,
);

/** For provider adapters only: a channel's provider and its secrets. */
export const GetChannelCredentials = defineRequest(
  "rpc.core.channel.credentials",
  z.object({ organization_id: z.uuid(), channel_id: z.uuid() }),
  ChannelCredentials,
);

export type ResolveChannelRequest = z.output<typeof ResolveChannel.request>;
export type GetChannelCredentialsRequest = z.output<typeof GetChannelCredentials.request>;
