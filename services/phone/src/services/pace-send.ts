import { AppError, type EventOf, type SendPhoneMessage } from "@relay/domain";
import { reserveSendSlot } from "../db/send-slots.js";
import type { PhoneDeps } from "../deps.js";

/**
 * When a send may go out: its channel's next send slot, shared by every instance through
 * PostgreSQL. A channel gone or invalid is the send loop's to report (failed); other lookup
 * failures are retried by the bus.
 */
export async function paceSend(
  deps: Pick<PhoneDeps, "db" | "directory">,
  command: EventOf<typeof SendPhoneMessage>,
): Promise<Date | undefined> {
  const channel = await deps.directory
    .channel(command.organization_id, command.data.channel_id)
    .catch((error: unknown) => {
      if (error instanceof AppError && ["not_found", "validation_failed"].includes(error.code))
        return undefined;
      throw error;
    });
  if (channel?.type !== "phone") return undefined;
  return (await reserveSendSlot(deps.db, channel.id, 1000 / channel.send_rate)).slotAt;
}
