import type { JsMsg } from "@nats-io/jetstream";
import type { EventDef, EventOf } from "@relay/domain";
import {
  type ConsumerSetup,
  countDelivery,
  countHandled,
  failMessage,
  logHandled,
  openConsumer,
  type RunningConsumer,
  unitOfMessage,
} from "./consumer-setup.js";
import { runWithContext } from "./observability/request-context.js";

export type { RunningConsumer } from "./consumer-setup.js";
export { type Disposition, dispositionFor } from "./disposition.js";

export interface ConsumerOptions<D extends EventDef> extends ConsumerSetup<D> {
  handle(event: EventOf<D>, msg: JsMsg): Promise<void>;
}

/**
 * A durable pull consumer for one event type. Each message is parsed with the event's schema,
 * handled, then acked; failures go through `dispositionFor`. Handlers must be idempotent
 * (use `claimEvent` in their transaction): delivery is at least once.
 */
export async function startConsumer<D extends EventDef>(
  options: ConsumerOptions<D>,
): Promise<RunningConsumer> {
  const { bus } = options;
  const { messages, schema } = await openConsumer(options);
  let inFlight: Promise<void> = Promise.resolve();

  /** Handles one message; answers what failed, if anything. */
  const processOne = async (msg: JsMsg): Promise<unknown> => {
    const started = performance.now();
    countDelivery(options, msg);
    try {
      const event = schema.parse(await bus.decode(msg)) as EventOf<D>;
      await options.handle(event, msg);
      msg.ack();
      countHandled(options, started, 1);
      logHandled(options, msg, started, { event_id: event.id });
      return undefined;
    } catch (error) {
      failMessage(options, msg, error);
      return error;
    }
  };

  const loop = (async () => {
    for await (const msg of messages) {
      // Handled (and logged, and its own events written) under the request that caused it.
      const unit = unitOfMessage(options, msg);
      inFlight = runWithContext(unit.context, () => processOne(msg)).then((failure) => unit.end(failure));
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
