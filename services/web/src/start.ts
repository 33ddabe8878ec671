import { AuthenticateSession, ListChannels } from "@relay/domain";
import { PeriodicPass, type RunningService, reply, request, startService } from "@relay/service-kit";
import { createApp } from "./app.js";
import { loadClientAssets } from "./client-build/client-assets.js";
import type { WebConfig } from "./config.js";
import { startLiveFeed } from "./consumers/live-feed.js";
import { startProjections } from "./consumers/projections.js";
import { migrations } from "./db/migrations/index.js";
import type { WebDB } from "./db/schema.js";
import { sweepSessions } from "./db/sessions.js";
import type { WebDeps } from "./deps.js";
import { LiveHub } from "./live/hub.js";
import { LiveEventWriter } from "./live/live-writer.js";
import { coreUsersClient } from "./services/core-users.js";
import { resolveSession } from "./services/sessions.js";

export { WebConfig } from "./config.js";

/** Its own stream, the email adapter's commands (reset links), and those it consumes: core's users and channels, conversations, campaigns. */
const STREAMS = ["web", "cmd.email", "core", "conversations", "campaigns"];

/** Starts the web service: used by main.ts and by tests that boot it in-process. */
export function start(config: WebConfig, options: { now?: () => Date } = {}): Promise<RunningService> {
  return startService<WebDB>({
    name: "web",
    config,
    migrations,
    streams: STREAMS,
    async build(ctx) {
      const now = options.now ?? (() => new Date());
      const live = new LiveHub(ctx.database.db);
      await live.init();
      const deps: WebDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        logger: ctx.logger,
        config,
        coreUsers: coreUsersClient(config.CORE_URL, config.INTERNAL_TOKEN, 10_000),
        emailChannels: async (organizationId) =>
          (await request(ctx.bus, ListChannels, { organization_id: organizationId, type: "email" })).data,
        live,
        client: await loadClientAssets(ctx.logger),
        now,
        readiness: ctx.readiness,
      };
      const consumers = [
        ...(await startProjections(ctx.bus, ctx.logger, ctx.database.db)),
        ...(await startLiveFeed(ctx.bus, ctx.logger, new LiveEventWriter(ctx.database.db))),
      ];
      ctx.lifecycle.stopAll("consumers", consumers);
      const rpc = reply(
        ctx.bus,
        ctx.logger,
        AuthenticateSession,
        async ({ token }) => (await resolveSession(deps, token)).identity,
      );
      ctx.lifecycle.onShutdown("session rpc", async () => rpc.unsubscribe());
      const passes = [
        new PeriodicPass({
          name: "live events pushed",
          pass: (limit) => live.poll(limit),
          logger: ctx.logger,
          intervalMs: config.LIVE_POLL_MS,
          batchSize: 500,
        }).start(),
        new PeriodicPass({
          name: "expired sessions and live events swept",
          pass: async () => {
            await sweepSessions(ctx.database.db, now(), config.LOGIN_WINDOW_SECONDS);
            await live.prune(config.LIVE_RETENTION_MINUTES);
            return 0;
          },
          logger: ctx.logger,
          intervalMs: 600_000,
          batchSize: 1,
        }).start(),
      ];
      ctx.lifecycle.stopAll("passes", passes);
      return createApp(deps);
    },
  });
}
