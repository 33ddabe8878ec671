import type { EventDef, EventOf } from "@relay/domain";
import type { QueryExecutorProvider } from "kysely";
import type { ZodType } from "zod";
import { startBatchConsumer } from "../batch-consumer.js";
import type { RunningConsumer } from "../consumer.js";
import type { Logger } from "../logger.js";
import type { Bus } from "../nats.js";
import { acceptSends } from "./send-ledger.js";

export type SendCommandDef = EventDef<string, ZodType<{ message_id: string; channel_id: string }>>;

export interface SendIntakeOptions<D extends SendCommandDef> {
  bus: Bus;
  logger: Logger;
  db: QueryExecutorProvider;
  durable: string;
  command: D;
  /** When each send may go out (the channel's next pacing slots), in order; now when absent. */
  dueAt?(commands: EventOf<D>[]): Promise<Array<Date | undefined>>;
  /** Called after commands were written to the ledger (wakes the send loop). */
  accepted(): void;
}

/**
 * The send command consumer: writes the commands it has pulled into the ledger (once per message
 * id, many in one statement) and acks them; the send loop takes it from there. A crash after the
 * write loses nothing, and a redelivery changes nothing.
 */
export function startSendIntake<D extends SendCommandDef>(
  options: SendIntakeOptions<D>,
): Promise<RunningConsumer> {
  return startBatchConsumer({
    bus: options.bus,
    logger: options.logger,
    durable: options.durable,
    event: options.command,
    handleBatch: async (commands) => {
      const dueAt = (await options.dueAt?.(commands)) ?? [];
      await acceptSends(
        options.db,
        commands.map((command, i) => ({
          message_id: command.data.message_id,
          channel_id: command.data.channel_id,
          organization_id: command.organization_id,
          payload: command.data,
          dueAt: dueAt[i],
        })),
      );
      options.accepted();
    },
  });
}
