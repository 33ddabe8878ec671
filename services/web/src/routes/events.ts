import { SESSION_COOKIE } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { streamSSE } from "hono/streaming";
import type { WebDeps } from "../deps.js";
import type { LiveEvent, Subscriber } from "../live/hub.js";
import { resolveSession } from "../services/sessions.js";
import { sessionOf } from "./guards.js";

/** A `Last-Event-ID` is a decimal event number; anything else starts the stream fresh. */
function lastEventId(value: string | undefined): number | undefined {
  return value && /^\d{1,18}$/.test(value) ? Number(value) : undefined;
}

/**
 * `GET /app/api/events`: the session's live stream (server-sent events) of its organization's
 * message and conversation events, an agent's channels only, and for admins its campaigns' events. Each event's id is its number:
 * a reconnect with `Last-Event-ID` replays what it missed. The session is checked again at each
 * heartbeat, so a revoked session's stream ends.
 */
export function eventRoutes(deps: WebDeps) {
  const app = new Hono<AppEnv>();
  app.get("/events", async (c) => {
    const session = await sessionOf(deps, c);
    const token = getCookie(c, SESSION_COOKIE) ?? "";
    const after = lastEventId(c.req.header("last-event-id") ?? c.req.query("last_event_id"));
    c.header("cache-control", "no-store");
    c.header("x-accel-buffering", "no");
    return streamSSE(c, async (stream) => {
      let writing: Promise<unknown> = Promise.resolve();
      const send = (event: LiveEvent) => {
        writing = writing.then(() =>
          stream.writeSSE({ id: String(event.seq), event: event.type, data: JSON.stringify(event.data) }),
        );
      };
      const subscriber: Subscriber = {
        organizationId: session.identity.organization_id,
        scope: session.identity.channel_ids && new Set(session.identity.channel_ids),
        admin: session.user.role === "admin",
        push: send,
      };
      const end = await deps.live.subscribe(subscriber, after);
      // After any replay: everything before "ready" is what the stream missed.
      writing = writing.then(() =>
        stream.writeSSE({ event: "ready", data: JSON.stringify({ user_id: session.user.id }) }),
      );
      let open = true;
      stream.onAbort(() => {
        open = false;
      });
      while (open) {
        await stream.sleep(deps.config.LIVE_HEARTBEAT_MS);
        if (!open) break;
        try {
          const again = await resolveSession(deps, token);
          subscriber.scope = again.identity.channel_ids && new Set(again.identity.channel_ids);
          subscriber.admin = again.user.role === "admin";
        } catch {
          await stream.writeSSE({ event: "session.ended", data: "{}" });
          break;
        }
        writing = writing.then(() => stream.write(": heartbeat\n\n"));
        await writing;
      }
      end();
      await writing.catch(() => undefined);
    });
  });
  return app;
}
