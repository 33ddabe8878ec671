import type { Idempotency, Logger, ReadinessCheck, Transact } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { CoreDB } from "./db/schema.js";
import type { CredentialsCipher } from "./services/credentials-cipher.js";

/** Everything core's routes, services and RPC handlers need, built once in start.ts. */
export interface CoreDeps {
  db: Kysely<CoreDB>;
  /** A transaction whose outbox events are relayed as soon as it commits. */
  transact: Transact<CoreDB>;
  /** `Idempotency-Key` for creates whose effect is one transaction. */
  idempotency: Idempotency;
  logger: Logger;
  internalToken: string;
  adminToken: string;
  /** Region for reading national phone numbers when an organization sets none. */
  defaultCountry: string;
  readiness: ReadinessCheck[];
  /** Seals channel credentials before they are stored and opens them for the credentials RPC. */
  credentials: CredentialsCipher;
}
