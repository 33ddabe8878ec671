import type {
  BulkSender,
  ChannelCatalog,
  ConversationAssigner,
  CoreContacts,
  CoreTags,
  CoreTemplates,
  EgressPolicy,
  Idempotency,
  Logger,
  ReadinessCheck,
  SealedSecrets,
  Transact,
} from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { SequencesDB } from "./db/schema.js";
import type { WebhookCalls } from "./services/webhook-calls.js";

/** Everything routes, services, consumers and the timer pass need, built once in start.ts. */
export interface SequencesDeps {
  db: Kysely<SequencesDB>;
  transact: Transact<SequencesDB>;
  /** `Idempotency-Key` on the routes that create (a sequence) or send (an enrollment). */
  idempotency: Idempotency;
  logger: Logger;
  channels: Pick<ChannelCatalog, "channel" | "channelAt" | "firstChannel">;
  /** Core's contacts: enrolled contacts upserted; tag and collect steps write to them. */
  contacts: Pick<CoreContacts, "upsert" | "find" | "change" | "get" | "page">;
  /** Conversations' assignment of a run's conversation (assign steps). */
  assigner: ConversationAssigner;
  /** Conversations' bulk path: the one way sequences send. */
  bulk: BulkSender;
  /** Core's message templates: a send step may name one instead of a body. */
  templates: CoreTemplates;
  /** Core's tag catalogue: a `tag_added` trigger's tag is checked on save. */
  tags: CoreTags;
  /** Where webhook steps may call: checked when a sequence is saved and when the call is made. */
  egress: EgressPolicy;
  /** Seals and opens each sequence's webhook signing secret. */
  secrets: SealedSecrets;
  /** Webhook steps' calls, made outside the timer pass's transaction. */
  webhookCalls: WebhookCalls;
  internalToken: string;
  /** The clock: injected so tests move time (delays, reply timeouts). */
  now(): Date;
  readiness: ReadinessCheck[];
}
