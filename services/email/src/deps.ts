import type { Logger, ReadinessCheck, Transact } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { ChannelDirectory } from "./channels/directory.js";
import type { EmailDB } from "./db/schema.js";
import type { Transports } from "./smtp/transports.js";

export interface EmailSettings {
  /** Stored inbound attachments are linked as `${publicBaseUrl}/webhooks/email/attachments/{id}`. */
  publicBaseUrl: string;
  smtpTimeoutMs: number;
  attachments: { maxBytes: number; timeoutMs: number; allowPrivate: boolean };
  inboundAttachmentMaxBytes: number;
}

/** Everything email's routes, services, consumers and listener need, built once in start.ts. */
export interface EmailDeps {
  db: Kysely<EmailDB>;
  /** A transaction whose outbox events are relayed as soon as it commits. */
  transact: Transact<EmailDB>;
  logger: Logger;
  directory: ChannelDirectory;
  transports: Transports;
  settings: EmailSettings;
  readiness: ReadinessCheck[];
}
