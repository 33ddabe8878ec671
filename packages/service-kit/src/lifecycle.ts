import { ConfigError } from "./config.js";
import type { Logger } from "./logger.js";

interface Closer {
  name: string;
  close(): Promise<void>;
}

/**
 * Ordered shutdown: resources are closed in the reverse order they were opened,
 * so the HTTP server stops first and the database closes last.
 */
export class Lifecycle {
  private readonly closers: Closer[] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  onShutdown(name: string, close: () => Promise<void> | void): void {
    this.closers.push({ name, close: async () => close() });
  }

  /** Stops these together at shutdown (consumers, a periodic pass): one closer for the lot. */
  stopAll(name: string, running: ReadonlyArray<{ stop(): Promise<void> | void }>): void {
    this.onShutdown(name, async () => {
      await Promise.all(running.map((item) => item.stop()));
    });
  }

  shutdown(reason = "shutdown"): Promise<void> {
    this.stopping ??= (async () => {
      this.logger.info({ reason }, "shutting down");
      for (const closer of [...this.closers].reverse()) {
        const started = performance.now();
        try {
          await closer.close();
          this.logger.debug({ resource: closer.name, ms: Math.round(performance.now() - started) }, "closed");
        } catch (error) {
          this.logger.warn({ err: error, resource: closer.name }, "close failed");
        }
      }
      this.logger.info("stopped");
    })();
    return this.stopping;
  }
}

/** What every service's `start()` returns, for `main.ts` and for tests that boot it in-process. */
export interface RunningService {
  name: string;
  url: string;
  port: number;
  stop(): Promise<void>;
}

const HINTS: Record<string, string> = {
  postgres:
    "start PostgreSQL with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set DATABASE_URL)",
  nats: "start NATS with JetStream with: nats-server -js (or set NATS_URL)",
};

/** Explains a start-up failure in one line: which setting is wrong or what cannot be reached. */
export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const text =
    error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? "")}` : "";
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
  if (
    /ECONNREFUSED.*5432|postgres|database/i.test(text + cause) &&
    /ECONNREFUSED|ENOTFOUND|connect/i.test(text + cause)
  ) {
    return `cannot reach PostgreSQL: ${text.trim()}; ${HINTS.postgres}`;
  }
  if (/CONNECTION_REFUSED|nats|4222/i.test(text + cause))
    return `cannot reach NATS: ${text.trim()}; ${HINTS.nats}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a service from `main.ts`: starts it, stops it cleanly on SIGTERM/SIGINT,
 * and turns a start-up failure into one line on stderr and exit code 1.
 */
export async function runMain(name: string, start: () => Promise<RunningService>): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    console.error(`${name}: ${describeStartupError(error)}`);
    process.exit(1);
  }
  let signals = 0;
  const stop = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    service.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(`${name}: shutdown failed after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
