import { type RunningService, SecretsCipher, startService } from "@relay/service-kit";
import { createApp } from "./app.js";
import type { CoreConfig } from "./config.js";
import { migrations } from "./db/migrations/index.js";
import type { CoreDB } from "./db/schema.js";
import type { CoreDeps } from "./deps.js";
import { startRpc } from "./rpc/index.js";
import { CredentialsCipher } from "./services/credentials-cipher.js";
import { resealCredentials } from "./services/reseal-credentials.js";

export { CoreConfig } from "./config.js";

/** Starts core: used by main.ts and by tests that boot it in-process. */
export function start(config: CoreConfig): Promise<RunningService> {
  return startService<CoreDB>({
    name: "core",
    config,
    migrations,
    async build(ctx) {
      const credentials = new CredentialsCipher(SecretsCipher.fromSettings(config));
      const deps: CoreDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        idempotency: ctx.idempotency,
        logger: ctx.logger,
        internalToken: config.INTERNAL_TOKEN,
        adminToken: config.ADMIN_TOKEN,
        defaultCountry: config.DEFAULT_COUNTRY,
        readiness: ctx.readiness,
        credentials,
      };
      // Plain credentials (from before encryption) and those of an older key, sealed under the current one.
      const resealed = await resealCredentials(deps);
      if (resealed > 0)
        ctx.logger.info({ channels: resealed }, "channel credentials sealed under the current key");
      const subscriptions = startRpc(deps, ctx.bus);
      ctx.lifecycle.onShutdown("rpc", async () => {
        for (const subscription of subscriptions) await subscription.drain();
      });
      return createApp(deps);
    },
  });
}
