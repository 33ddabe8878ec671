import { type Logger, pino } from "pino";
import { contextLogFields } from "./observability/request-context.js";

export type { Logger };

export function createLogger(service: string, level: string = "info"): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The request id and trace id of the work in hand (an HTTP request, a consumed event).
    mixin: contextLogFields,
    redact: {
      paths: ["*.authorization", "*.password", "*.auth_token", "*.api_key", "*.credentials"],
      censor: "[redacted]",
    },
  });
}

/**
 * `parent.child(bindings)`, made only when first used: a request that logs nothing (most, at
 * `info`) skips building a child logger with redaction, 1.5% of the gateway.
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  const real = () => {
    child ??= parent.child(bindings);
    return child;
  };
  return new Proxy({} as Logger, {
    get(_target, property) {
      const logger = real();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === "function" ? value.bind(logger) : value;
    },
  });
}
