import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { SpanKind } from "@opentelemetry/api";
import { type EventDef, envelopeOf } from "@relay/domain";
import type { z } from "zod";
import { dispositionFor } from "./disposition.js";
import type { Logger } from "./logger.js";
import { type Bus, REQUEST_ID_NATS_HEADER } from "./nats.js";
import { contextOf, type RequestContext, TRACEPARENT_HEADER } from "./observability/request-context.js";
import { openUnit, type Unit } from "./observability/tracing.js";

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
    options.bus.metrics.consumed.inc({ durable: options.durable, outcome: "retry" });
  } else {
    options.logger.error(log, "event handling failed for good, dropping it");
    msg.term();
    options.bus.metrics.consumed.inc({ durable: options.durable, outcome: "dropped" });
  }
}

/**
 * The unit an event is handled in: the request id and trace of the work that wrote it (its NATS
 * headers), with a span of its own (recorded when tracing is on); a new trace for an event that
 * carries none.
 */
export function unitOfMessage(options: ConsumerSetup<EventDef>, msg: JsMsg): Unit {
  const requestId = msg.headers?.get(REQUEST_ID_NATS_HEADER) || crypto.randomUUID();
  return openUnit(
    options.bus.metrics.tracer,
    requestId,
    msg.headers?.get(TRACEPARENT_HEADER),
    `${options.durable} process`,
    SpanKind.CONSUMER,
    messageAttributes(options, msg),
  );
}

/** An event's request id and trace, for a log line about it written outside its unit. */
export function contextOfMessage(msg: JsMsg): RequestContext {
  return contextOf(
    msg.headers?.get(REQUEST_ID_NATS_HEADER) || crypto.randomUUID(),
    msg.headers?.get(TRACEPARENT_HEADER),
  );
}

/**
 * A batch's unit: one span linked to each event's trace (their requests differ), and no request
 * of its own in the logs' context.
 */
export function unitOfBatch(options: ConsumerSetup<EventDef>, msgs: JsMsg[]): Unit {
  return openUnit(
    options.bus.metrics.tracer,
    crypto.randomUUID(),
    undefined,
    `${options.durable} process`,
    SpanKind.CONSUMER,
    {
      "messaging.system": "nats",
      "messaging.consumer.group.name": options.durable,
      "messaging.batch.message_count": msgs.length,
    },
    msgs.map((msg) => msg.headers?.get(TRACEPARENT_HEADER)),
  );
}

function messageAttributes(options: ConsumerSetup<EventDef>, msg: JsMsg) {
  return {
    "messaging.system": "nats",
    "messaging.destination.name": msg.subject,
    "messaging.consumer.group.name": options.durable,
    "messaging.nats.delivery_count": msg.info.deliveryCount,
  };
}

/** Counts a delivered message: a redelivery, and the durable's lag as of this delivery. */
export function countDelivery(options: ConsumerSetup<EventDef>, msg: JsMsg): void {
  const { metrics } = options.bus;
  if (msg.info.deliveryCount > 1) metrics.redeliveries.inc({ durable: options.durable });
  metrics.consumerPending.set({ durable: options.durable }, msg.info.pending);
}

/** Counts a handled unit (an event, or a batch of them) and how long it took. */
export function countHandled(options: ConsumerSetup<EventDef>, started: number, events: number): void {
  const { metrics } = options.bus;
  metrics.consumed.inc({ durable: options.durable, outcome: "ack" }, events);
  metrics.handleDuration.observe({ durable: options.durable }, (performance.now() - started) / 1000);
}

/** The line a handled event gets at `debug` (under its context: request id and trace id). */
export function logHandled(
  options: ConsumerSetup<EventDef>,
  msg: JsMsg,
  started: number,
  extra?: Record<string, unknown>,
): void {
  const seconds = (performance.now() - started) / 1000;
  if (options.logger.isLevelEnabled("debug"))
    options.logger.debug(
      {
        durable: options.durable,
        subject: msg.subject,
        seq: msg.seq,
        ms: Math.round(seconds * 1000),
        ...extra,
      },
      "event handled",
    );
}
