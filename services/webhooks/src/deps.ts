import type {
  EgressPolicy,
  Idempotency,
  Logger,
  ReadinessCheck,
  SealedSecrets,
  Transact,
} from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { WebhooksDB } from "./db/schema.js";

/** Everything routes, services, consumers and the dispatcher need, built once in start.ts. */
export interface WebhooksDeps {
  db: Kysely<WebhooksDB>;
  transact: Transact<WebhooksDB>;
  idempotency: Idempotency;
  logger: Logger;
  egress: EgressPolicy;
  /** Seals and opens endpoint signing secrets. */
  secrets: SealedSecrets;
  internalToken: string;
  /** The clock of schedules (retries, secret expiry, five days failing): injected so tests move time. */
  now(): Date;
  /** Wakes the dispatcher: new deliveries were committed. */
  wake(): void;
  readiness: ReadinessCheck[];
}
