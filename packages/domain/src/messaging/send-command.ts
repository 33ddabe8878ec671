import { z } from "zod";

/**
 * Conversations → adapter (outbox, stream CMD_<ADAPTER>): send this stored message. What every
 * channel's send command (`cmd.phone.send`, `cmd.email.send`, `cmd.whatsapp.send`) starts with;
 * each adds its channel's content. The adapter reports back with a DeliveryReport for `message_id`.
 */
export const SendCommand = z.object({
  message_id: z.uuid(),
  channel_id: z.uuid(),
  /** The recipient as the adapter's provider takes it. */
  to: z.string(),
});
export type SendCommand = z.infer<typeof SendCommand>;
