import type { LookupFunction } from "node:net";
import { MAX_WEBHOOK_TIMEOUT_MS } from "@relay/domain";
import {
  ChannelCatalog,
  conversationAssigner,
  conversationsClient,
  coreContactsClient,
  coreTagsClient,
  coreTemplatesClient,
  EgressClient,
  PeriodicPass,
  type RunningService,
  SecretsCipher,
  startChannelProjection,
  startService,
} from "@relay/service-kit";
import { createApp } from "./app.js";
import type { SequencesConfig } from "./config.js";
import { startRunConsumers } from "./consumers/replies.js";
import { migrations } from "./db/migrations/index.js";
import type { SequencesDB } from "./db/schema.js";
import type { SequencesDeps } from "./deps.js";
import { sealSigningSecrets, sequenceSecrets } from "./services/signing-secret.js";
import { timerPass } from "./services/timer-pass.js";
import { WebhookCaller } from "./services/webhook-calls.js";

export { SequencesConfig } from "./config.js";

/**
 * Its own events, and the streams it consumes (core's contacts and channels, conversations'
 * messages and consent, webhooks' custom events, a service that starts after it).
 */
const STREAMS = ["sequences", "core", "conversations", "webhooks"];

/** Starts the sequences service: used by main.ts and by tests that boot it in-process. */
export interface SequencesOptions {
  /** The clock (delays, timeouts, leases); the real one moved by CLOCK_OFFSET_MS when unset. */
  now?: () => Date;
  /** Resolves webhook steps' host names (tests: a name that resolves to a private address). */
  lookup?: LookupFunction;
}

export function start(config: SequencesConfig, options: SequencesOptions = {}): Promise<RunningService> {
  return startService<SequencesDB>({
    name: "sequences",
    config,
    migrations,
    streams: STREAMS,
    async build(ctx) {
      const egress = { allowLocalhost: config.SEQUENCES_ALLOW_LOCALHOST, lookup: options.lookup };
      let caller: WebhookCaller | undefined;
      const deps: SequencesDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        idempotency: ctx.idempotency,
        logger: ctx.logger,
        channels: new ChannelCatalog({
          db: ctx.database.db,
          bus: ctx.bus,
          rpcTimeoutMs: config.CORE_RPC_TIMEOUT_MS,
        }),
        contacts: coreContactsClient(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        assigner: conversationAssigner(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        templates: coreTemplatesClient(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        tags: coreTagsClient(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        bulk: conversationsClient(
          config.CONVERSATIONS_URL,
          config.INTERNAL_TOKEN,
          config.CORE_RPC_TIMEOUT_MS * 6,
          4,
        ),
        egress,
        secrets: sequenceSecrets(SecretsCipher.fromSettings(config)),
        webhookCalls: {
          freeSlots: () => caller?.freeSlots() ?? 0,
          dispatch: (calls) => caller?.dispatch(calls),
          idle: () => caller?.idle() ?? Promise.resolve(),
        },
        internalToken: config.INTERNAL_TOKEN,
        now: options.now ?? (() => new Date(Date.now() + config.CLOCK_OFFSET_MS)),
        readiness: ctx.readiness,
      };
      // Sequences made before webhook steps get a secret; those of an older key, the current one.
      const sealed = await sealSigningSecrets(deps);
      if (sealed > 0) ctx.logger.info({ sequences: sealed }, "signing secrets sealed under the current key");
      const client = new EgressClient(egress, {
        timeoutMs: MAX_WEBHOOK_TIMEOUT_MS,
        userAgent: "Relay-Sequences/1.0",
      });
      caller = new WebhookCaller(deps, client, config.WEBHOOK_CONCURRENCY);
      const consumers = [
        ...(await Promise.all(startRunConsumers(deps, ctx.bus))),
        ...(await startChannelProjection({
          service: "sequences",
          bus: ctx.bus,
          logger: ctx.logger,
          db: ctx.database.db,
        })),
      ];
      ctx.lifecycle.stopAll("consumers", consumers);
      // Closed in reverse: the timers stop leasing first, then the calls in flight finish and write their outcomes.
      ctx.lifecycle.onShutdown("webhook calls", async () => {
        await caller?.idle();
        await client.close();
      });
      const timers = Array.from({ length: config.TIMER_CONCURRENCY }, () =>
        new PeriodicPass({
          name: "sequence steps run",
          pass: (limit, observeLag) => timerPass(deps, limit, observeLag),
          logger: ctx.logger,
          intervalMs: config.TIMER_INTERVAL_MS,
          batchSize: config.TIMER_BATCH_SIZE,
          lag: { metrics: ctx.metrics, label: "sequence_steps" },
        }).start(),
      );
      ctx.lifecycle.stopAll("timers", timers);
      return createApp(deps);
    },
  });
}
