import type {
  ChannelCatalog,
  ConversationsClient,
  CoreContacts,
  CoreTemplates,
  Idempotency,
  Logger,
  ReadinessCheck,
  Transact,
} from "@relay/service-kit";
import type { Kysely } from "kysely";
import type { CampaignsDB } from "./db/schema.js";

/** Everything routes, services, consumers and the dispatcher need, built once in start.ts. */
export interface CampaignsDeps {
  db: Kysely<CampaignsDB>;
  transact: Transact<CampaignsDB>;
  /** `Idempotency-Key` on the routes that create (a campaign, a copy, a contract send). */
  idempotency: Idempotency;
  logger: Logger;
  channels: ChannelCatalog;
  /** Core's contacts: audience pages and inline contacts upserted. */
  audience: CoreContacts;
  /** Core's message templates: a send may name one instead of a body. */
  templates: CoreTemplates;
  /** Conversations' bulk path: the one way campaigns send. */
  bulk: ConversationsClient;
  internalToken: string;
  audiencePageSize: number;
  /** Where tracked links point (`PUBLIC_BASE_URL/l/{code}`): the gateway's public address. */
  publicBaseUrl: string;
  /** The clock: injected so tests move time (quiet hours, attribution windows). */
  now(): Date;
  readiness: ReadinessCheck[];
}
