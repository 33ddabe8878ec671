import type {
  Autocommit,
  Logger,
  ReadinessCheck,
  SendStatusWriter,
  Transact,
  WebhookWriter,
} from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { ChannelDirectory } from "./channels/directory.js";
import type { PhoneDB } from "./db/schema.js";
import type { SendStates } from "./services/send-states.js";
import type { TwilioClients } from "./twilio/clients.js";

export interface PhoneSettings {
  /** What Twilio calls back; webhook signatures are computed over this + the request path. */
  publicBaseUrl: string;
  voiceGreeting: string;
  ringTimeoutSeconds: number;
  /** MMS media on private addresses are passed to Twilio only when this is set (local development). */
  allowPrivateMedia: boolean;
}

/** Everything phone's routes, services and consumers need, built once in start.ts. */
export interface PhoneDeps {
  db: Kysely<PhoneDB>;
  /** A transaction whose outbox events are relayed as soon as it commits. */
  transact: Transact<PhoneDB>;
  /** One statement that commits on its own; its events are relayed at once too. */
  autocommit: Autocommit<PhoneDB>;
  logger: Logger;
  /** What this instance committed about its recent sends: status callbacks read it first. */
  sends: SendStates;
  /** Twilio's answers and status callbacks that move sends, many per statement (group commit). */
  statuses: SendStatusWriter<PhoneDB>;
  /** Inbound messages stored and announced, many per statement (group commit). */
  webhooks: WebhookWriter<PhoneDB>;
  directory: ChannelDirectory;
  twilio: TwilioClients;
  settings: PhoneSettings;
  readiness: ReadinessCheck[];
}
