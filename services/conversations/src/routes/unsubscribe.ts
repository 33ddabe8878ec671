import { type AppEnv, htmlPage as page } from "@relay/service-kit";
import { Hono } from "hono";
import type { ConversationsDeps } from "../deps.js";
import { requireUnsubscribeToken, unsubscribe } from "../services/unsubscribe.js";

/**
 * `/unsubscribe/{token}`, PUBLIC (no internal token): the gateway forwards `/unsubscribe/*` as
 * is. `POST` is the RFC 8058 one-click (`List-Unsubscribe=One-Click`, sent by mail clients, or
 * by the button of the `GET` page); `GET` only shows that page, so link scanners that follow
 * URLs never unsubscribe anyone. A token that is not ours is a 404.
 */
export function unsubscribeRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();

  app.get("/:token", (c) => {
    requireUnsubscribeToken(deps, c.req.param("token"));
    c.header("cache-control", "no-store");
    return c.html(
      page(
        "Unsubscribe",
        `<p>Stop receiving these emails?</p><form method="post" action=""><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
  });

  app.post("/:token", async (c) => {
    await unsubscribe(deps, c.req.param("token"));
    c.header("cache-control", "no-store");
    return c.html(
      page("You have been unsubscribed", "<p>You will receive no more of these emails.</p>"),
      200,
    );
  });

  return app;
}
