import type { Logger, ReadinessCheck, Transact } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { ChannelDirectory } from "./channels/directory.js";
import type { WhatsAppDB } from "./db/schema.js";

export interface WhatsAppSettings {
  apiVersion: string;
  /** Per Graph API request; bounds how long a send holds its lease. */
  timeoutMs: number;
  /** Media links on private addresses are passed to Meta only when this is set (local development). */
  allowPrivateMedia: boolean;
}

/** Everything whatsapp's routes, services and consumers need, built once in start.ts. */
export interface WhatsAppDeps {
  db: Kysely<WhatsAppDB>;
  /** A transaction whose outbox events are relayed as soon as it commits. */
  transact: Transact<WhatsAppDB>;
  logger: Logger;
  directory: ChannelDirectory;
  settings: WhatsAppSettings;
  readiness: ReadinessCheck[];
}
