import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type EventEnvelope, streamOf, streamSubjects } from "@relay/domain";
import { LargePayloads } from "./large-payloads.js";

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  namespace: string;
  /** The wire subject for a domain subject (prefixed by the namespace, if any). */
  subject(subject: string): string;
  /** The stream name that holds a domain subject. */
  stream(subject: string): string;
  /**
   * Creates (or updates) a stream: a producing service's events (`core` → `CORE` on `core.>`)
   * or a receiving service's commands (`cmd.phone` → `CMD_PHONE` on `cmd.phone.>`).
   */
  ensureStream(root: string): Promise<void>;
  /**
   * Publishes an event with `Nats-Msg-Id` = event id, so JetStream drops a duplicate publish.
   * A large event goes by reference (see large-payloads.ts); `decode` turns it back.
   */
  publish(event: EventEnvelope): Promise<{ duplicate: boolean }>;
  /** The event a received message carries (fetching a large one's payload). */
  decode(message: { json(): unknown }): Promise<unknown>;
  close(): Promise<void>;
}

export interface BusOptions {
  url: string;
  name: string;
  namespace?: string;
  /** How long JetStream remembers message ids for de-duplication. */
  duplicateWindowMs?: number;
}

const encoder = new TextEncoder();

export async function connectBus(options: BusOptions): Promise<Bus> {
  const nc = await connect({
    servers: options.url.split(","),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Otherwise every request (JetStream publish acks included) allocates an Error for its stack.
    noAsyncTraces: true,
  });
  return createBus(nc, options);
}

export async function createBus(nc: NatsConnection, options: Omit<BusOptions, "url">): Promise<Bus> {
  const namespace = options.namespace ?? "";
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const duplicateWindowNs = (options.duplicateWindowMs ?? 120_000) * 1_000_000;

  const subject = (s: string) => (namespace ? `${namespace}.${s}` : s);
  const stream = (s: string) => (namespace ? `${namespace}_${streamOf(s)}` : streamOf(s));
  const payloads = new LargePayloads(js, namespace ? `${namespace}_PAYLOADS` : "PAYLOADS");

  return {
    nc,
    js,
    jsm,
    namespace,
    subject,
    stream,
    async ensureStream(root) {
      const name = stream(`${root}.x`);
      const config = { name, subjects: [subject(streamSubjects(root))], duplicate_window: duplicateWindowNs };
      try {
        await jsm.streams.info(name);
        await jsm.streams.update(name, { duplicate_window: duplicateWindowNs });
      } catch {
        await jsm.streams.add(config);
      }
    },
    async publish(event) {
      const bytes = await payloads.encode(event, encoder.encode(JSON.stringify(event)));
      const ack = await js.publish(subject(event.type), bytes, { msgID: event.id });
      return { duplicate: ack.duplicate };
    },
    decode: (message) => payloads.decode(message.json()),
    async close() {
      if (!nc.isClosed()) await nc.drain();
    },
  };
}

/** Is NATS connected? Used by readiness checks. */
export async function pingBus(bus: Bus): Promise<void> {
  if (bus.nc.isClosed()) throw new Error("NATS connection is closed");
  await bus.nc.flush();
}
