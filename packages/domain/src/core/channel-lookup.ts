import { z } from "zod";
import { defineRequest } from "../requests.js";
import { Channel } from "./channel.js";
import { ChannelType } from "./channel-provider.js";

/**
 * For provider adapters receiving webhooks, which name a number but no organization: every
 * channel of any organization on that E.164 number (oldest first). `account_sid` keeps only
 * Twilio channels of that account (channels without Twilio credentials, e.g. sandbox, stay).
 * Several organizations may hold one number; the adapter keeps the one whose secret verifies
 * the webhook's signature. No match is an empty list, not an error.
 */
export const LookupChannelsByPhone = defineRequest(
  "rpc.core.channel.lookup_by_phone",
  z.object({
    phone: z.string().trim().min(1).max(40),
    type: ChannelType.default("phone"),
    account_sid: z.string().trim().min(1).max(64).optional(),
  }),
  z.object({
    data: z.array(z.object({ organization_id: z.uuid(), channel: Channel })),
  }),
);

export type LookupChannelsByPhoneRequest = z.output<typeof LookupChannelsByPhone.request>;
export type ChannelMatch = z.output<typeof LookupChannelsByPhone.response>["data"][number];
