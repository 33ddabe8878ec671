import type { Channel } from "@relay/domain";
import { sendChannel } from "@relay/service-kit";
import type { SequencesDeps } from "../deps.js";

export { channelAddress } from "@relay/service-kit";

/** The phone channel a sequence sends on (see the kit's `sendChannel`). */
export function sequenceChannel(
  deps: SequencesDeps,
  organizationId: string,
  input: { channel_id?: string | undefined; from?: string | undefined },
): Promise<Channel> {
  return sendChannel(deps.channels, organizationId, "phone", input);
}
