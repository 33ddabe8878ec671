import type { JsMsg } from "@nats-io/jetstream";
import type { EventDef, EventOf } from "@relay/domain";
import {
  type ConsumerSetup,
  contextOfMessage,
  countDelivery,
  countHandled,
  failMessage,
  logHandled,
  openConsumer,
  type RunningConsumer,
  unitOfBatch,
  unitOfMessage,
} from "./consumer-setup.js";
import { runWithContext } from "./observability/request-context.js";

export interface BatchConsumerOptions<D extends EventDef> extends ConsumerSetup<D> {
  /** Most events handed over at once (default: `batch`, the messages pulled at a time). */
  maxBatch?: number;
  /**
   * Handles the events as one unit (one transaction: each is acked only after it commits);
   * throwing fails them all. Must be idempotent per event id, like any handler: an event may
   * come again, even twice in one batch.
   */
  handleBatch(events: EventOf<D>[]): Promise<void>;
}

const IDLE = Symbol("idle");

/**
 * A durable pull consumer that hands its handler every message already pulled (up to
 * `maxBatch`) at once, so a burst costs one transaction instead of one per event. A batch that
 * fails is handled again one event at a time: one bad event is retried or dropped on its own
 * (through `dispositionFor`), never holding up the others.
 */
export async function startBatchConsumer<D extends EventDef>(
  options: BatchConsumerOptions<D>,
): Promise<RunningConsumer> {
  const { bus } = options;
  const maxBatch = Math.max(1, options.maxBatch ?? options.batch ?? 64);
  const { messages, schema } = await openConsumer(options);
  const iterator = messages[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<JsMsg>> | undefined;
  const next = () => {
    pending ??= iterator.next();
    return pending;
  };
  // What is already buffered arrives within the microtasks before setImmediate.
  const buffered = () =>
    Promise.race([next(), new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)))]);
  let inFlight: Promise<void> = Promise.resolve();

  const handle = async (batch: Array<{ msg: JsMsg; event: EventOf<D> }>) => {
    const started = performance.now();
    // A batch of one runs under its event's request; a larger one under none (its events' differ),
    // its span (when tracing) linked to each event's trace.
    const work = () => options.handleBatch(batch.map((item) => item.event));
    const single = batch.length === 1 && batch[0] ? unitOfMessage(options, batch[0].msg) : undefined;
    const unit =
      single ??
      unitOfBatch(
        options,
        batch.map((item) => item.msg),
      );
    try {
      await (single ? runWithContext(single.context, work) : work());
    } catch (error) {
      unit.end(error);
      throw error;
    }
    unit.end();
    countHandled(options, started, batch.length);
    for (const { msg, event } of batch) {
      msg.ack();
      if (options.logger.isLevelEnabled("debug"))
        runWithContext(contextOfMessage(msg), () =>
          logHandled(options, msg, started, { event_id: event.id, batch: batch.length }),
        );
      else logHandled(options, msg, started);
    }
  };

  const processBatch = async (msgs: JsMsg[]) => {
    const parsed: Array<{ msg: JsMsg; event: EventOf<D> }> = [];
    for (const msg of msgs) {
      countDelivery(options, msg);
      try {
        parsed.push({ msg, event: schema.parse(await bus.decode(msg)) as EventOf<D> });
      } catch (error) {
        failMessage(options, msg, error);
      }
    }
    if (parsed.length === 0) return;
    try {
      return await handle(parsed);
    } catch (error) {
      if (parsed.length === 1 && parsed[0]) return failMessage(options, parsed[0].msg, error);
    }
    for (const item of parsed) {
      await handle([item]).catch((error: unknown) => failMessage(options, item.msg, error));
    }
  };

  const loop = (async () => {
    for (;;) {
      const first = await next();
      pending = undefined;
      if (first.done) return;
      const batch = [first.value];
      let done = false;
      while (batch.length < maxBatch) {
        const more = await buffered();
        if (more === IDLE) break;
        pending = undefined;
        if (more.done) {
          done = true;
          break;
        }
        batch.push(more.value);
      }
      inFlight = processBatch(batch);
      await inFlight;
      if (done) return;
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
