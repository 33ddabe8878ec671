import { z } from "zod";
import { defineRequest } from "../requests.js";
import { Channel } from "./channel.js";

/**
 * For the email adapter receiving mail, which names an address but no organization: every
 * email channel of any organization with that address (case-insensitive, oldest first).
 * No match is an empty list, not an error.
 */
export const LookupChannelsByAddress = defineRequest(
  "rpc.core.channel.lookup_by_address",
  z.object({ address: z.string().trim().min(3).max(320) }),
  z.object({
    data: z.array(z.object({ organization_id: z.uuid(), channel: Channel })),
  }),
);

export type LookupChannelsByAddressRequest = z.output<typeof LookupChannelsByAddress.request>;
