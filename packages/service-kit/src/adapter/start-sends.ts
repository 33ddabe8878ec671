import type { EventOf } from "@relay/domain";
import type { QueryExecutorProvider } from "kysely";
import type { Lifecycle } from "../lifecycle.js";
import type { Logger } from "../logger.js";
import type { Bus } from "../nats.js";
import { type SendCommandDef, startSendIntake } from "./send-intake.js";
import { defaultSendBackoff, SendLoop } from "./send-loop.js";
import type { SendProvider } from "./send-provider.js";

export interface StartSendsOptions<D extends SendCommandDef, Prepared> {
  db: QueryExecutorProvider;
  bus: Bus;
  logger: Logger;
  lifecycle: Lifecycle;
  /** The send command this adapter receives (`cmd.phone.send`, …) and its durable consumer. */
  command: D;
  durable: string;
  provider: SendProvider<EventOf<D>["data"], Prepared>;
  /** When each accepted send may go out (pacing), in order; now when absent. */
  dueAt?(commands: EventOf<D>[]): Promise<Array<Date | undefined>>;
  concurrency: number;
  maxAttempts: number;
  /** One provider call's timeout: a holder that died lets go of its sends 5 s after it. */
  callTimeoutMs: number;
  reconcileWindowMs: number;
}

/**
 * An adapter's whole send side, wired the one way: the send loop working the ledger, and the
 * intake consumer writing commands into it (and waking the loop). Shutdown stops the intake
 * first, then lets the sends in hand finish.
 */
export async function startSends<D extends SendCommandDef, Prepared>(
  options: StartSendsOptions<D, Prepared>,
): Promise<void> {
  const loop = new SendLoop({
    db: options.db,
    logger: options.logger,
    provider: options.provider,
    concurrency: options.concurrency,
    maxAttempts: options.maxAttempts,
    leaseMs: options.callTimeoutMs + 5_000,
    reconcileWindowMs: options.reconcileWindowMs,
    backoffMs: defaultSendBackoff,
    metrics: options.bus.metrics,
  });
  loop.start();
  const intake = await startSendIntake({
    bus: options.bus,
    logger: options.logger,
    db: options.db,
    durable: options.durable,
    command: options.command,
    ...(options.dueAt && { dueAt: options.dueAt }),
    accepted: () => loop.kick(),
  });
  options.lifecycle.onShutdown("sends", async () => {
    await intake.stop();
    await loop.stop();
  });
}
