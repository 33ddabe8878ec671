import { type Logger, pino } from "pino";

export type { Logger };

export function createLogger(service: string, level: string = "info"): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["*.authorization", "*.password", "*.auth_token", "*.api_key", "*.credentials"],
      censor: "[redacted]",
    },
  });
}
