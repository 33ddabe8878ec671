import { z } from "zod";

/**
 * Adapter → conversations: what every inbound event says, whatever the channel. Each adapter's
 * event (`phone.message.received`, …) is this plus its channel's own fields (docs/architecture.md, decision 32).
 */
export const ReceivedMessage = z.object({
  channel_id: z.uuid(),
  /** The provider's id of the message: Twilio's MessageSid, the mail's `Message-ID`, Meta's wamid. */
  provider_message_id: z.string(),
  /** The sender's address on the channel: a phone number or an email address. */
  from: z.string(),
  /** The sender's display name, when the provider gives one. */
  from_name: z.string().optional(),
  /** What the message says: the text keywords are read from and the conversation shows. */
  body: z.string().default(""),
  received_at: z.iso.datetime({ offset: true }),
});
export type ReceivedMessage = z.infer<typeof ReceivedMessage>;
