import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { AppError, type EventDef, type EventOf, envelopeOf, ProviderError } from "@relay/domain";
import { z } from "zod";
import type { Logger } from "./logger.js";
import type { Bus } from "./nats.js";

export type Disposition = { action: "ack" } | { action: "nak"; delayMs: number } | { action: "term" };

const MAX_BACKOFF_MS = 60_000;

/**
 * The one place that decides what a failed message becomes. Bad payloads and client
 * mistakes will never succeed (term); everything else is retried with a growing delay.
 */
export function dispositionFor(error: unknown, deliveryCount: number): Disposition {
  const backoff = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.max(0, deliveryCount - 1));
  if (error instanceof z.ZodError) return { action: "term" };
  if (error instanceof ProviderError)
    return error.retryable ? { action: "nak", delayMs: backoff } : { action: "term" };
  if (error instanceof AppError) {
    if (error.code === "validation_failed" || error.code === "forbidden" || error.code === "conflict") {
      return { action: "term" };
    }
  }
  return { action: "nak", delayMs: backoff };
}

export interface ConsumerOptions<D extends EventDef> {
  bus: Bus;
  logger: Logger;
  /** Durable name, unique per consuming service and purpose, e.g. `conversations-contact-sync`. */
  durable: string;
  event: D;
  handle(event: EventOf<D>, msg: JsMsg): Promise<void>;
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Messages pulled per batch; lower it for handlers that call slow providers. */
  batch?: number;
}

export interface RunningConsumer {
  /** Stops pulling and waits for the message in hand to finish. */
  stop(): Promise<void>;
}

/**
 * A durable pull consumer for one event type. Each message is parsed with the event's schema,
 * handled, then acked; failures go through `dispositionFor`. Handlers must be idempotent
 * (use `claimEvent` in their transaction): delivery is at least once.
 */
export async function startConsumer<D extends EventDef>(
  options: ConsumerOptions<D>,
): Promise<RunningConsumer> {
  const { bus, logger, durable } = options;
  const stream = bus.stream(options.event.subject);
  const maxDeliver = options.maxDeliver ?? 10;
  await bus.jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: bus.subject(options.event.subject),
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: maxDeliver,
  });
  const schema = envelopeOf(options.event);
  const consumer = await bus.js.consumers.get(stream, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: options.batch ?? 64 });
  let inFlight: Promise<void> = Promise.resolve();

  const processOne = async (msg: JsMsg) => {
    try {
      const event = schema.parse(await bus.decode(msg)) as EventOf<D>;
      await options.handle(event, msg);
      msg.ack();
    } catch (error) {
      const disposition = dispositionFor(error, msg.info.deliveryCount);
      const last = msg.info.deliveryCount >= maxDeliver;
      const log = {
        err: error,
        durable,
        subject: msg.subject,
        seq: msg.seq,
        delivery: msg.info.deliveryCount,
      };
      if (disposition.action === "nak" && !last) {
        logger.warn(log, "event handling failed, will retry");
        msg.nak(disposition.delayMs);
      } else {
        logger.error(log, "event handling failed for good, dropping it");
        msg.term();
      }
    }
  };

  const loop = (async () => {
    for await (const msg of messages) {
      inFlight = processOne(msg);
      await inFlight;
    }
  })();

  return {
    async stop() {
      await messages.close();
      await inFlight;
      await loop;
    },
  };
}
