import type { EventDef, EventOf } from "@relay/domain";
import type { QueryExecutorProvider } from "kysely";
import type { ZodType } from "zod";
import { type RunningConsumer, startConsumer } from "../consumer.js";
import type { Logger } from "../logger.js";
import type { Bus } from "../nats.js";
import { acceptSend } from "./send-ledger.js";

export type SendCommandDef = EventDef<string, ZodType<{ message_id: string; channel_id: string }>>;

export interface SendIntakeOptions<D extends SendCommandDef> {
  bus: Bus;
  logger: Logger;
  db: QueryExecutorProvider;
  durable: string;
  command: D;
  /** When the send may go out (the channel's next pacing slot); now when absent. */
  dueAt?(command: EventOf<D>): Promise<Date | undefined>;
  /** Called after a command was written to the ledger (wakes the send loop). */
  accepted(): void;
}

/**
 * The send command consumer: writes each command into the ledger (once per message id) and
 * acks; the send loop takes it from there. A crash after the write loses nothing, and a
 * redelivery changes nothing.
 */
export function startSendIntake<D extends SendCommandDef>(
  options: SendIntakeOptions<D>,
): Promise<RunningConsumer> {
  return startConsumer({
    bus: options.bus,
    logger: options.logger,
    durable: options.durable,
    event: options.command,
    handle: async (command) => {
      const { message_id, channel_id } = command.data;
      const dueAt = await options.dueAt?.(command);
      await acceptSend(options.db, {
        message_id,
        channel_id,
        organization_id: command.organization_id,
        payload: command.data,
        ...(dueAt && { dueAt }),
      });
      options.accepted();
    },
  });
}
