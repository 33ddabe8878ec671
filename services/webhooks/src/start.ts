import type { LookupFunction } from "node:net";
import { EgressClient, type RunningService, SecretsCipher, startService } from "@relay/service-kit";
import { createApp } from "./app.js";
import type { WebhooksConfig } from "./config.js";
import { startEventConsumers } from "./consumers/events.js";
import { migrations } from "./db/migrations/index.js";
import type { WebhooksDB } from "./db/schema.js";
import type { WebhooksDeps } from "./deps.js";
import { Dispatcher } from "./services/dispatcher.js";
import { endpointSecrets, resealEndpointSecrets } from "./services/endpoint-secrets.js";
import { SOURCE_STREAMS } from "./services/public-event.js";

export { WebhooksConfig } from "./config.js";

export interface WebhooksOptions {
  /** The clock of schedules (retries, secret expiry); the real one when unset. */
  now?: () => Date;
  /** Resolves endpoint names (tests: a name that resolves to a private address). */
  lookup?: LookupFunction;
}

/** Starts the webhooks service: used by main.ts and by tests that boot it in-process. */
export function start(config: WebhooksConfig, options: WebhooksOptions = {}): Promise<RunningService> {
  return startService<WebhooksDB>({
    name: "webhooks",
    config,
    migrations,
    // Its own events (custom events) and every stream public events come from.
    streams: [...new Set(["webhooks", ...SOURCE_STREAMS])],
    async build(ctx) {
      const egress = { allowLocalhost: config.WEBHOOKS_ALLOW_LOCALHOST, lookup: options.lookup };
      let dispatcher: Dispatcher | undefined;
      const deps: WebhooksDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        idempotency: ctx.idempotency,
        logger: ctx.logger,
        egress,
        secrets: endpointSecrets(SecretsCipher.fromSettings(config)),
        internalToken: config.INTERNAL_TOKEN,
        now: options.now ?? (() => new Date()),
        wake: () => dispatcher?.wake(),
        readiness: ctx.readiness,
      };
      // Secrets stored before sealing, and those of an older key, sealed under the current one.
      const resealed = await resealEndpointSecrets(deps);
      if (resealed > 0)
        ctx.logger.info({ endpoints: resealed }, "signing secrets sealed under the current key");
      const client = new EgressClient(egress, {
        timeoutMs: config.DELIVERY_TIMEOUT_MS,
        userAgent: "Relay-Webhooks/1.0",
      });
      ctx.lifecycle.onShutdown("delivery connections", () => client.close());
      dispatcher = new Dispatcher(deps, client, {
        perEndpoint: config.ENDPOINT_CONCURRENCY,
        maxInFlight: config.MAX_IN_FLIGHT,
        intervalMs: config.DISPATCH_INTERVAL_MS,
        leaseMs: 2 * config.DELIVERY_TIMEOUT_MS + 5_000,
      }).start();
      ctx.lifecycle.stopAll("dispatcher", [dispatcher]);
      const consumers = await Promise.all(startEventConsumers(deps, ctx.bus, 256));
      ctx.lifecycle.stopAll("consumers", consumers);
      return createApp(deps);
    },
  });
}
