import { z } from "zod";
import { defineRequest } from "../requests.js";
import { Channel } from "./channel.js";

/**
 * For the WhatsApp adapter receiving webhooks, which name a Graph phone-number id (or, in the
 * subscription handshake, only a verify token) but no organization: every `whatsapp_cloud`
 * channel of any organization whose credentials hold it, oldest first. Credentials are not
 * returned; the adapter asks `rpc.core.channel.credentials` for the matched channel's secret.
 */
export const LookupWhatsAppChannels = defineRequest(
  "rpc.core.channel.lookup_whatsapp",
  z
    .object({
      phone_number_id: z.string().trim().min(1).max(100).optional(),
      verify_token: z.string().min(1).max(1000).optional(),
    })
    .refine((r) => (r.phone_number_id === undefined) !== (r.verify_token === undefined), {
      message: "give exactly one of phone_number_id or verify_token",
      path: ["phone_number_id"],
    }),
  z.object({
    data: z.array(z.object({ organization_id: z.uuid(), channel: Channel })),
  }),
);

export type LookupWhatsAppChannelsRequest = z.output<typeof LookupWhatsAppChannels.request>;
