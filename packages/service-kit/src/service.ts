import type { Migration } from "kysely";
import type { BaseConfig } from "./config.js";
import { createDatabase, type Database, migrate, pingDatabase } from "./db.js";
import type { ReadinessCheck } from "./http.js";
import { Idempotency } from "./idempotency.js";
import { Lifecycle, type RunningService } from "./lifecycle.js";
import { createLogger, type Logger } from "./logger.js";
import { type Bus, connectBus, pingBus } from "./nats.js";
import { Metrics } from "./observability/metrics.js";
import { createTracing } from "./observability/tracing.js";
import { type Autocommit, autocommitter, type Transact, transactor } from "./outbox.js";
import { OutboxRelay } from "./outbox-relay.js";
import { readOutboxGauges } from "./outbox-store.js";
import { type FetchApp, listen } from "./server.js";

/** What a service's `build` receives: everything opened for it, ready to inject. */
export interface ServiceContext<DB> {
  config: BaseConfig;
  logger: Logger;
  database: Database<DB>;
  bus: Bus;
  relay: OutboxRelay<DB>;
  transact: Transact<DB>;
  /** One statement that commits on its own and may write an event (see `enqueueFrom`). */
  autocommit: Autocommit<DB>;
  /** `Idempotency-Key` for routes whose effect is one transaction (see idempotency.ts). */
  idempotency: Idempotency;
  lifecycle: Lifecycle;
  /** The service's Prometheus metrics (`GET /metrics`); the kit's parts count into them already. */
  metrics: Metrics;
  /** Checks for `/readyz`: PostgreSQL and NATS answer. */
  readiness: ReadinessCheck[];
}

export interface StartServiceOptions<DB> {
  name: string;
  config: BaseConfig & { PORT: number };
  migrations: Record<string, Migration>;
  /** Streams to ensure at start: its own events (`core`) and the commands it receives (`cmd.phone`). */
  streams?: string[];
  /** Builds the HTTP app and starts consumers; register their shutdown on `ctx.lifecycle`. */
  build(ctx: ServiceContext<DB>): Promise<FetchApp> | FetchApp;
}

/**
 * The one start-up sequence every service shares: database (migrated), NATS (streams ensured),
 * outbox relay, the service's own app and consumers, then the HTTP server. Shutdown runs in
 * reverse: stop accepting and finish in-flight requests, stop consumers, flush the outbox,
 * drain NATS, close the pool.
 */
export async function startService<DB>(options: StartServiceOptions<DB>): Promise<RunningService> {
  const { config, name } = options;
  const logger = createLogger(name, config.LOG_LEVEL);
  const lifecycle = new Lifecycle(logger);
  try {
    const database = createDatabase<DB>({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA ?? name });
    lifecycle.onShutdown("database", () => database.close());
    await migrate(database, options.migrations, logger);

    const metrics = new Metrics(name, { token: config.METRICS_TOKEN });
    if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
      const tracing = createTracing({
        service: name,
        endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
        sampleRatio: config.OTEL_TRACES_SAMPLER_ARG,
      });
      metrics.tracer = tracing.tracer;
      // Registered first, so it runs last: the spans of the shutdown itself are sent too.
      lifecycle.onShutdown("trace export", () => tracing.shutdown());
    }
    const bus = await connectBus({
      url: config.NATS_URL,
      name,
      namespace: config.NATS_NAMESPACE,
      user: config.NATS_USER,
      password: config.NATS_PASSWORD,
      metrics,
      streamLimits: {
        maxAgeMs: config.STREAM_MAX_AGE_HOURS * 3_600_000,
        maxBytes: config.STREAM_MAX_BYTES,
        replicas: config.STREAM_REPLICAS,
      },
    });
    lifecycle.onShutdown("nats", () => bus.close());
    for (const stream of options.streams ?? [name]) await bus.ensureStream(stream);

    const relay = new OutboxRelay<DB>({ db: database.db, bus, logger });
    relay.start();
    metrics.watchOutbox(() => readOutboxGauges(database.db as never));
    lifecycle.onShutdown("outbox relay", () => relay.stop());

    const idempotency = new Idempotency(database.db as never, config.IDEMPOTENCY_TTL_HOURS * 3_600_000);
    const sweep = setInterval(() => {
      idempotency.sweep().catch((error) => logger.warn({ err: error }, "idempotency key cleanup failed"));
    }, 600_000);
    sweep.unref();
    lifecycle.onShutdown("idempotency cleanup", () => clearInterval(sweep));

    const readiness: ReadinessCheck[] = [
      { name: "postgres", check: () => pingDatabase(database.db as never) },
      { name: "nats", check: () => pingBus(bus) },
    ];
    const ctx: ServiceContext<DB> = {
      config,
      logger,
      database,
      bus,
      relay,
      transact: transactor(database.db, relay, idempotency),
      autocommit: autocommitter(database.db, relay),
      idempotency,
      lifecycle,
      metrics,
      readiness,
    };
    const app = await options.build(ctx);
    // A round trip makes the server register every responder the app subscribed, so nobody
    // who sees this service listening gets "no responders" from it.
    await bus.nc.flush();
    const server = await listen(app, config.PORT, config.HOST, undefined, metrics);
    lifecycle.onShutdown("http server", () => server.close(config.SHUTDOWN_TIMEOUT_MS));
    logger.info({ url: server.url }, `${name} listening`);
    return { name, url: server.url, port: server.port, stop: () => lifecycle.shutdown() };
  } catch (error) {
    await lifecycle.shutdown("start failed");
    throw error;
  }
}
