import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { type EventEnvelope, streamOf, streamSubjects } from "@relay/domain";
import { LargePayloads } from "./large-payloads.js";
import { Metrics } from "./observability/metrics.js";
import { TRACEPARENT_HEADER } from "./observability/request-context.js";

/** The NATS header carrying the request id of the work that wrote an event (see request-context.ts). */
export const REQUEST_ID_NATS_HEADER = "X-Request-Id";

/** Where an event came from: the request id and trace context of the work that wrote it. */
export interface EventOrigin {
  request_id: string | null;
  traceparent: string | null;
}

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
  publish(event: EventEnvelope, origin?: EventOrigin): Promise<{ duplicate: boolean }>;
  /** The event a received message carries (fetching a large one's payload). */
  decode(message: { json(): unknown }): Promise<unknown>;
  /** The service's metrics: the kit's consumers, relay and send loop count into them. */
  metrics: Metrics;
  close(): Promise<void>;
}

/** JetStream limits for the streams a service creates (`max_age`, `max_bytes`; -1 is unlimited). */
export interface StreamLimits {
  maxAgeMs: number;
  maxBytes: number;
  /** Copies of each stream (and of the large-payload store) in a NATS cluster; 1 on a single server. */
  replicas?: number;
}

export interface BusOptions {
  url: string;
  name: string;
  namespace?: string;
  /** How long JetStream remembers message ids for de-duplication. */
  duplicateWindowMs?: number;
  streamLimits?: StreamLimits;
  metrics?: Metrics;
  /** NATS user/password authentication (`NATS_USER`, `NATS_PASSWORD`). */
  user?: string | undefined;
  password?: string | undefined;
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
    ...(options.user !== undefined && { user: options.user, pass: options.password ?? "" }),
  });
  return createBus(nc, options);
}

export async function createBus(nc: NatsConnection, options: Omit<BusOptions, "url">): Promise<Bus> {
  const namespace = options.namespace ?? "";
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const duplicateWindowNs = (options.duplicateWindowMs ?? 120_000) * 1_000_000;
  const limits = {
    duplicate_window: duplicateWindowNs,
    ...(options.streamLimits && {
      max_age: options.streamLimits.maxAgeMs > 0 ? options.streamLimits.maxAgeMs * 1_000_000 : 0,
      max_bytes: options.streamLimits.maxBytes,
      num_replicas: options.streamLimits.replicas ?? 1,
    }),
  };
  const metrics = options.metrics ?? new Metrics(options.name, { defaultMetrics: false });

  const subject = (s: string) => (namespace ? `${namespace}.${s}` : s);
  const stream = (s: string) => (namespace ? `${namespace}_${streamOf(s)}` : streamOf(s));
  const payloads = new LargePayloads(
    js,
    namespace ? `${namespace}_PAYLOADS` : "PAYLOADS",
    options.streamLimits?.replicas ?? 1,
  );

  return {
    nc,
    js,
    jsm,
    namespace,
    subject,
    stream,
    async ensureStream(root) {
      const name = stream(`${root}.x`);
      const config = { name, subjects: [subject(streamSubjects(root))], ...limits };
      try {
        await jsm.streams.info(name);
        await jsm.streams.update(name, limits);
      } catch {
        await jsm.streams.add(config);
      }
    },
    async publish(event, origin) {
      const bytes = await payloads.encode(event, encoder.encode(JSON.stringify(event)));
      let hdrs: ReturnType<typeof headers> | undefined;
      if (origin?.request_id || origin?.traceparent) {
        hdrs = headers();
        if (origin.request_id) hdrs.set(REQUEST_ID_NATS_HEADER, origin.request_id);
        if (origin.traceparent) hdrs.set(TRACEPARENT_HEADER, origin.traceparent);
      }
      const ack = await js.publish(subject(event.type), bytes, {
        msgID: event.id,
        ...(hdrs && { headers: hdrs }),
      });
      return { duplicate: ack.duplicate };
    },
    decode: (message) => payloads.decode(message.json()),
    metrics,
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
