import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { type EventDef, envelopeOf } from "@relay/domain";
import type { z } from "zod";
import { dispositionFor } from "./disposition.js";
import type { Logger } from "./logger.js";
import type { Bus } from "./nats.js";

export interface ConsumerSetup<D extends EventDef> {
  bus: Bus;
  logger: Logger;
  /** Durable name, unique per consuming service and purpose, e.g. `conversations-contact-sync`. */
  durable: string;
  event: D;
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Messages pulled per batch; lower it for handlers that call slow providers. */
  batch?: number;
  /**
   * Parses each message instead of the event's envelope: for a consumer of a whole stream
   * (`event.subject` a wildcard such as `core.>`) that reads each event by its `type`.
   */
  schema?: z.ZodType;
}

export interface RunningConsumer {
  /** Stops pulling and waits for the message in hand to finish. */
  stop(): Promise<void>;
}

/** Creates (or updates) the durable pull consumer and starts pulling from it. */
export async function openConsumer<D extends EventDef>(options: ConsumerSetup<D>) {
  const { bus, durable } = options;
  const stream = bus.stream(options.event.subject);
  await bus.jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: bus.subject(options.event.subject),
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: options.maxDeliver ?? 10,
  });
  const consumer = await bus.js.consumers.get(stream, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: options.batch ?? 64 });
  return { messages, schema: options.schema ?? envelopeOf(options.event) };
}

/** A message whose handling failed: retried later or dropped, as `dispositionFor` says. */
export function failMessage(options: ConsumerSetup<EventDef>, msg: JsMsg, error: unknown): void {
  const maxDeliver = options.maxDeliver ?? 10;
  const disposition = dispositionFor(error, msg.info.deliveryCount);
  const last = msg.info.deliveryCount >= maxDeliver;
  const log = {
    err: error,
    durable: options.durable,
    subject: msg.subject,
    seq: msg.seq,
    delivery: msg.info.deliveryCount,
  };
  if (disposition.action === "nak" && !last) {
    options.logger.warn(log, "event handling failed, will retry");
    msg.nak(disposition.delayMs);
  } else {
    options.logger.error(log, "event handling failed for good, dropping it");
    msg.term();
  }
}
