import { AppError, type Channel, type EventOf, type SendPhoneMessage } from "@relay/domain";
import { reserveSendSlots } from "../db/send-slots-many.js";
import type { PhoneDeps } from "../deps.js";

type Command = EventOf<typeof SendPhoneMessage>;

/** The command's phone channel; none when it is gone or not a phone channel (the loop reports that). */
async function phoneChannel(
  deps: Pick<PhoneDeps, "directory">,
  command: Command,
): Promise<Channel | undefined> {
  const channel = await deps.directory
    .channel(command.organization_id, command.data.channel_id)
    .catch((error: unknown) => {
      if (error instanceof AppError && ["not_found", "validation_failed"].includes(error.code))
        return undefined;
      throw error;
    });
  return channel?.type === "phone" ? channel : undefined;
}

/**
 * When each send may go out: its channel's next send slots, shared by every instance through
 * PostgreSQL, taken for all the commands in one statement (a channel's sends get consecutive
 * slots, in the commands' order). A channel gone or invalid is the send loop's to report
 * (failed); other lookup failures are retried by the bus.
 */
export async function paceSends(
  deps: Pick<PhoneDeps, "db" | "directory">,
  commands: Command[],
): Promise<Array<Date | undefined>> {
  const channels = await Promise.all(commands.map((command) => phoneChannel(deps, command)));
  const wanted = new Map<string, { channelId: string; intervalMs: number; count: number }>();
  const position: Array<number | undefined> = channels.map((channel) => {
    if (!channel) return undefined;
    const entry = wanted.get(channel.id) ?? {
      channelId: channel.id,
      intervalMs: 1000 / channel.send_rate,
      count: 0,
    };
    wanted.set(channel.id, entry);
    entry.count += 1;
    return entry.count - 1;
  });
  const first = await reserveSendSlots(deps.db, [...wanted.values()]);
  return channels.map((channel, i) => {
    const start = channel && first.get(channel.id);
    const nth = position[i];
    if (!channel || !start || nth === undefined) return undefined;
    return new Date(start.getTime() + nth * (1000 / channel.send_rate));
  });
}
