import type { LookupFunction } from "node:net";
import { type EventDef, Message, MessageCreated } from "@relay/domain";
import { type Bus, connectBus, loadConfig, newEvent, type RunningService } from "@relay/service-kit";
import { dropSchemas, serviceTestEnv, TEST_INTERNAL_TOKEN, testNatsUrl, uniqueName } from "@relay/testing";
import type { z } from "zod";
import { start, WebhooksConfig } from "../src/start.js";

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * The webhooks service in-process on its own schema and NATS namespace (real PostgreSQL and NATS),
 * its clock in the test's hands, and a bus connection that publishes events as producers do.
 */
export interface Service {
  running: RunningService;
  schema: string;
  namespace: string;
  bus: Bus;
  api<T = Record<string, unknown>>(
    organizationId: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>>;
  publish<D extends EventDef>(def: D, organizationId: string, data: z.input<D["data"]>): Promise<string>;
  advance(ms: number): void;
  now(): number;
  /** Stops the service and starts it again on the same schema and namespace, with these settings added. */
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export async function openService(
  options: { env?: Record<string, string>; lookup?: LookupFunction } = {},
): Promise<Service> {
  const schema = uniqueName("webhooks_test");
  const namespace = uniqueName("wh");
  let now = Date.now();
  const boot = (env: Record<string, string> = {}) => {
    const config = loadConfig(
      WebhooksConfig,
      serviceTestEnv({
        schema,
        namespace,
        extra: {
          WEBHOOKS_ALLOW_LOCALHOST: "true",
          DISPATCH_INTERVAL_MS: "50",
          DELIVERY_TIMEOUT_MS: "2000",
          ...options.env,
          ...env,
        },
      }),
    );
    return start(config, { now: () => new Date(now), lookup: options.lookup });
  };
  const bus = await connectBus({ url: testNatsUrl(), name: "webhooks-test", namespace });
  const service: Service = {
    running: await boot(),
    schema,
    namespace,
    bus,
    async api(organizationId, method, path, body) {
      const res = await fetch(`${service.running.url}/v1${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          "x-internal-token": TEST_INTERNAL_TOKEN,
          "x-organization-id": organizationId,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async publish(def, organizationId, data) {
      const event = newEvent(def, organizationId, data);
      await bus.publish(event);
      return event.id;
    },
    advance(ms) {
      now += ms;
    },
    now: () => now,
    async restart(env) {
      await service.running.stop();
      service.running = await boot(env);
    },
    async close() {
      await service.running.stop();
      await bus.close();
      await dropSchemas(schema);
    },
  };
  return service;
}

/** A message as conversations publishes it. */
export function sampleMessage(overrides: Partial<Message> = {}): Message {
  const at = new Date().toISOString();
  return Message.parse({
    id: crypto.randomUUID(),
    conversation_id: crypto.randomUUID(),
    contact_id: crypto.randomUUID(),
    channel_id: crypto.randomUUID(),
    type: "sms",
    direction: "OUTBOUND",
    body: "Hello",
    from: "+14155550100",
    to: "+14155550123",
    delivery_status: "queued",
    attachments: [],
    media: [],
    automated: false,
    created_at: at,
    updated_at: at,
    ...overrides,
  });
}

export { MessageCreated };

/** Registers an endpoint at the receiver's `path` for these events; returns its id and secret. */
export async function registerEndpoint(
  service: Service,
  organizationId: string,
  url: string,
  eventTypes: string[] = ["*"],
): Promise<{ id: string; secret: string }> {
  const res = await service.api<{ data: { id: string; signing_secret: string } }>(
    organizationId,
    "POST",
    "/developers/endpoints",
    {
      url,
      event_types: eventTypes,
    },
  );
  if (res.status !== 201) throw new Error(`endpoint not created: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.data.id, secret: res.body.data.signing_secret };
}
