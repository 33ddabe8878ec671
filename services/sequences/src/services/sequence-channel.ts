import { AppError, type Channel } from "@relay/domain";
import { sendChannel } from "@relay/service-kit";
import type { SequencesDeps } from "../deps.js";

export { channelAddress } from "@relay/service-kit";

type ChannelChoice = { channel_id?: string | undefined; from?: string | undefined };

/**
 * The channel a sequence sends on (see the kit's `sendChannel`): `channel_id`, any of the
 * organization's channels; `from`, an email address for an email channel, a number for the phone
 * channel on it, else the WhatsApp channel on it (a number that is both is the phone channel's:
 * name the WhatsApp one by `channel_id`); neither, the oldest phone channel. With `type` (an
 * enrollment's `from`), it must be a channel of that kind.
 */
export async function sequenceChannel(
  deps: Pick<SequencesDeps, "channels">,
  organizationId: string,
  input: ChannelChoice,
  type?: Channel["type"],
): Promise<Channel> {
  if (type) return sendChannel(deps.channels, organizationId, type, input);
  if (input.channel_id) {
    const found = await deps.channels.channel(organizationId, input.channel_id).catch(() => undefined);
    return sendChannel(deps.channels, organizationId, found?.type ?? "phone", input);
  }
  if (input.from?.includes("@")) return sendChannel(deps.channels, organizationId, "email", input);
  try {
    return await sendChannel(deps.channels, organizationId, "phone", input);
  } catch (error) {
    if (input.from === undefined || !(error instanceof AppError)) throw error;
    return sendChannel(deps.channels, organizationId, "whatsapp", input).catch(() => {
      throw error;
    });
  }
}
