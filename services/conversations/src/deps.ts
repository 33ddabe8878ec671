import type { Idempotency, Logger, ReadinessCheck, Transact } from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { CoreClient } from "./core-client.js";
import type { ConversationsDB } from "./db/schema.js";

export interface EmailSettings {
  /** The domain of our outbound `Message-ID`s. */
  messageIdDomain: string;
  /** The public base URL unsubscribe links start with (the gateway's). */
  publicBaseUrl: string;
  /** The HMAC key of unsubscribe tokens. */
  unsubscribeKey: Buffer;
}

/** Everything the routes, services, consumers and the scheduler need, built once in start.ts. */
export interface ConversationsDeps {
  db: Kysely<ConversationsDB>;
  /** A transaction whose outbox events are relayed as soon as it commits. */
  transact: Transact<ConversationsDB>;
  /** `Idempotency-Key` for routes whose effect is one transaction. */
  idempotency: Idempotency;
  /** How long a stored idempotency result answers (the bulk path's per-row keys, as the kit's). */
  idempotencyTtlMs: number;
  logger: Logger;
  /** Core's answers over NATS request-reply: channels, contacts, assignees. */
  core: CoreClient;
  internalToken: string;
  /** An automatic reply goes out at most once per conversation in this many seconds. */
  autoResponseCooldownSeconds: number;
  email: EmailSettings;
  readiness: ReadinessCheck[];
}
