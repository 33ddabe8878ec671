/**
 * The baseline: the least a forwarder does per delivery (read the event from NATS, build the body,
 * sign it with standardwebhooks, POST it with undici to every endpoint), with no database, no
 * log and no retries. Its CPU per delivery is what the webhooks service's is compared with.
 */
import { connectBus } from "@relay/service-kit";
import { Webhook } from "standardwebhooks";
import { Agent, request } from "undici";

const urls = (process.env.BASELINE_URLS ?? "").split(",");
const secret = process.env.BASELINE_SECRET ?? "";
const bus = await connectBus({
  url: process.env.NATS_URL ?? "",
  name: "baseline",
  namespace: process.env.NATS_NAMESPACE,
});
const agent = new Agent({ keepAliveTimeout: 60_000 });
const wh = new Webhook(secret);
const sub = bus.nc.subscribe(bus.subject("conversations.message.created"));
process.send?.("ready");
for await (const msg of sub) {
  const event = msg.json<{ id: string; organization_id: string; occurred_at: string; data: unknown }>();
  const body = JSON.stringify({
    data: event.data,
    event: "message.created",
    request_id: event.id,
    organization_id: event.organization_id,
    timestamp: event.occurred_at,
  });
  const signature = wh.sign(event.id, new Date(), body);
  for (const url of urls) {
    request(url, {
      method: "POST",
      dispatcher: agent,
      body,
      headers: {
        "content-type": "application/json",
        "webhook-id": event.id,
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": signature,
      },
    })
      .then((res) => res.body.dump())
      .catch(() => undefined);
  }
}
