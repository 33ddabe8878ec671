import type { LookupFunction } from "node:net";
import type { BulkMessage, Channel, Message, MessageTemplate } from "@relay/domain";
import { MAX_WEBHOOK_TIMEOUT_MS, NotFoundError, ValidationError } from "@relay/domain";
import {
  createDatabase,
  createLogger,
  type Database,
  EgressClient,
  Idempotency,
  migrate,
  SecretsCipher,
  transactor,
} from "@relay/service-kit";
import { dropSchemas, TEST_CREDENTIALS_KEY, testDatabaseUrl, uniqueName } from "@relay/testing";
import { migrations } from "../src/db/migrations/index.js";
import type { SequencesDB } from "../src/db/schema.js";
import type { SequencesDeps } from "../src/deps.js";
import { sequenceSecrets } from "../src/services/signing-secret.js";
import { WebhookCaller } from "../src/services/webhook-calls.js";
import { FakeBulkPath, type FakeMessage } from "./fake-bulk.js";

/**
 * The service's deps on a schema of its own (migrated as the service migrates), the clock in
 * the test's hands, and the clients at the service boundary replaced by fakes: one phone
 * channel, contacts whose ids are their phone rows' `id`, and a bulk path that stores each key's
 * answer as conversations does (a key sent again answers the same message, nothing new).
 */
export interface Harness {
  deps: SequencesDeps;
  database: Database<SequencesDB>;
  organizationId: string;
  channel: Channel;
  /** Every row the bulk path received, repeats included. */
  calls: BulkMessage[][];
  /** Messages the fake actually created, by key. */
  sent: Map<string, FakeMessage>;
  /** Contacts the bulk path refuses as opted out. */
  optedOut: Set<string>;
  bulk: FakeBulkPath;
  /** Makes the next bulk call fail after conversations stored its rows (its answer lost). */
  loseNextAnswer(): void;
  /** Holds bulk calls until the promise settles. */
  holdBulk(until: Promise<void> | undefined): void;
  setNow(ms: number): void;
  now(): number;
  /** Every change a tag or collect step asked the fake core for, in order. */
  changes: { contactId: string; change: Record<string, unknown> }[];
  /** Makes the fake core refuse changes to a contact as invalid (an email another contact has). */
  refuseChanges: Set<string>;
  /** Every assignment asked of the fake conversations. */
  assignments: Array<Record<string, unknown> & { organizationId: string }>;
  /** Every batch of rows upserted in the fake core. */
  upserts: unknown[][];
  /** The contact id the fake core gives a phone number. */
  contactOf(phone: string): string;
  inbound(contactId: string, body: string): Message;
  /** Another channel of the organization: an email address or a WhatsApp number. */
  addChannel(type: "email" | "whatsapp", address: string): Channel;
  /** A tag of the organization in the fake core's catalogue. */
  addTag(name: string): { id: string; name: string };
  /** A message template of the organization in the fake core; returns its id. */
  addTemplate(message: string, channelType?: MessageTemplate["channel_type"]): string;
  /** A run's history, `key:state[:outcome]` per step in the order it happened. */
  history(runId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Webhook calls one harness makes at once. */
export const HARNESS_CALL_SLOTS = 16;

/**
 * `schema`: one the service's own process already uses (its crash tests); a new one otherwise.
 * Webhook steps call for real (a local receiver: loopback is allowed unless `allowLocalhost`
 * is false), names resolved by `lookup` when given.
 */
export async function openHarness(
  options: { schema?: string; lookup?: LookupFunction; allowLocalhost?: boolean } = {},
): Promise<Harness> {
  const schema = options.schema ?? uniqueName("sequences_test");
  const database = createDatabase<SequencesDB>({ url: testDatabaseUrl(), schema, maxConnections: 6 });
  await migrate(database, migrations);
  const organizationId = crypto.randomUUID();
  let now = Date.UTC(2026, 0, 5, 15);
  const at = new Date(0).toISOString();
  const channel: Channel = {
    id: crypto.randomUUID(),
    type: "phone",
    name: "Line",
    phone: "+14155550100",
    timezone: "America/New_York",
    opening_hours: [],
    provider: "twilio",
    has_credentials: true,
    send_rate: 10,
    created_at: at,
    updated_at: at,
  };
  // The organization's channels, oldest first: the phone line, and those a test adds.
  const known: Channel[] = [channel];
  const ours = (organization: string, found: Channel | undefined) => {
    if (organization !== organizationId || !found) throw new NotFoundError("channel");
    return found;
  };
  const channels: SequencesDeps["channels"] = {
    channel: async (organization, id) =>
      ours(
        organization,
        known.find((c) => c.id === id),
      ),
    channelAt: async (organization, address, type) =>
      ours(
        organization,
        known.find((c) => (c.phone === address || c.address === address) && (!type || c.type === type)),
      ),
    firstChannel: async (organization, type) =>
      ours(
        organization,
        known.find((c) => c.type === type),
      ),
  };
  const contactIds = new Map<string, string>();
  const upserts: unknown[][] = [];
  const contactOf = (phone: string) => {
    const id = contactIds.get(phone) ?? crypto.randomUUID();
    contactIds.set(phone, id);
    return id;
  };
  const names = new Map<string, string>();
  const changes: Harness["changes"] = [];
  const refuseChanges = new Set<string>();
  const contacts: SequencesDeps["contacts"] = {
    async get(organization, id) {
      if (organization !== organizationId || ![...contactIds.values()].includes(id)) return null;
      const at = new Date().toISOString();
      return { id, properties: {}, tags: [], state: "open", blocked: false, created_at: at, updated_at: at };
    },
    async page(organization, filter) {
      if (organization !== organizationId) return { contacts: [], next: null };
      const phones = new Map([...contactIds.entries()].map(([phone, id]) => [id, phone]));
      const contacts = (filter.contact_ids ?? []).flatMap((id) => {
        const phone = phones.get(id);
        if (!phone) return [];
        const name = names.get(phone);
        return [{ id, phone, ...(name && { name }), properties: {} }];
      });
      return { contacts, next: null };
    },
    async change(organization, contactId, change) {
      if (organization !== organizationId) throw new NotFoundError("contact");
      if (refuseChanges.has(contactId)) throw ValidationError.field("email", "is another contact's");
      changes.push({ contactId, change });
      const at = new Date().toISOString();
      return {
        id: contactId,
        properties: {},
        tags: [],
        state: "open",
        blocked: false,
        created_at: at,
        updated_at: at,
      };
    },
    async find(organization, by) {
      const id = "phone" in by && organization === organizationId ? contactIds.get(by.phone) : undefined;
      if (!id) return null;
      const at = new Date().toISOString();
      const phone = (by as { phone: string }).phone;
      return {
        id,
        phone,
        properties: {},
        tags: [],
        state: "open",
        blocked: false,
        created_at: at,
        updated_at: at,
      };
    },
    async upsert(_organization, rows) {
      upserts.push(rows);
      for (const row of rows as Array<{ phone: string; name?: string }>)
        if (row.name) names.set(row.phone, row.name);
      const results = rows.map((row, index) => ({
        index,
        status: "created" as const,
        id: contactOf((row as { phone: string }).phone),
      }));
      return {
        message: "upserted",
        results,
        created: results.length,
        updated: 0,
        unchanged: 0,
        conflicts: 0,
        invalid: 0,
      };
    },
  };
  const bulk = new FakeBulkPath();
  const templates = new Map<string, MessageTemplate>();
  const templatesOf: SequencesDeps["templates"] = {
    async get(organization, id) {
      const found = templates.get(id);
      if (!found || organization !== organizationId) throw new NotFoundError("message template");
      return found;
    },
  };
  const tagNames = new Map<string, string>();
  const tags: SequencesDeps["tags"] = {
    async find(organization, ids) {
      if (organization !== organizationId) return [];
      const at = new Date(0).toISOString();
      return ids.flatMap((id) => {
        const name = tagNames.get(id);
        if (name === undefined) return [];
        const common = { color: "#6b7280", type: "contact", state: "active" as const, system_created: false };
        return [{ id, organization_id: organizationId, name, ...common, created_at: at, updated_at: at }];
      });
    },
  };
  const assignments: Harness["assignments"] = [];
  const assigner: SequencesDeps["assigner"] = {
    async assign(organization, input) {
      if (input.assigned_user_id === 404) throw new NotFoundError("user");
      assignments.push({ organizationId: organization, ...input });
      const at = new Date().toISOString();
      return {
        id: crypto.randomUUID(),
        contact_id: input.contact_id,
        channel_id: input.channel_id,
        channel_type: "phone",
        status: "open",
        unread_count: 0,
        ...(input.assigned_user_id && { assigned_user_id: input.assigned_user_id }),
        created_at: at,
        updated_at: at,
      };
    },
  };
  const idempotency = new Idempotency(database.db as never, 3_600_000);
  const egress = { allowLocalhost: options.allowLocalhost ?? true, lookup: options.lookup };
  const client = new EgressClient(egress, {
    timeoutMs: MAX_WEBHOOK_TIMEOUT_MS,
    userAgent: "Relay-Sequences-Test",
  });
  let caller: WebhookCaller | undefined;
  const deps: SequencesDeps = {
    db: database.db,
    transact: transactor(database.db, undefined, idempotency),
    idempotency,
    logger: createLogger("sequences-test", "silent"),
    channels,
    contacts,
    bulk,
    assigner,
    templates: templatesOf,
    tags,
    egress,
    secrets: sequenceSecrets(new SecretsCipher(Buffer.from(TEST_CREDENTIALS_KEY, "base64"))),
    webhookCalls: {
      freeSlots: () => caller?.freeSlots() ?? 0,
      dispatch: (calls) => caller?.dispatch(calls),
      idle: () => caller?.idle() ?? Promise.resolve(),
    },
    internalToken: "test-internal-token-0123456789",
    now: () => new Date(now),
    readiness: [],
  };
  caller = new WebhookCaller(deps, client, HARNESS_CALL_SLOTS);
  return {
    deps,
    database,
    organizationId,
    channel,
    calls: bulk.calls,
    sent: bulk.sent,
    optedOut: bulk.optedOut,
    bulk,
    changes,
    refuseChanges,
    assignments,
    loseNextAnswer() {
      bulk.loseNextAnswer = true;
    },
    holdBulk(until) {
      bulk.hold = until;
    },
    setNow(ms) {
      now = ms;
    },
    now: () => now,
    addChannel(type, address) {
      const added: Channel = {
        ...channel,
        id: crypto.randomUUID(),
        type,
        name: type,
        ...(type === "email" ? { phone: undefined, address } : { phone: address }),
      } as Channel;
      known.push(added);
      return added;
    },
    addTag(name) {
      const id = crypto.randomUUID();
      tagNames.set(id, name);
      return { id, name };
    },
    addTemplate(message, channelType = null) {
      const id = crypto.randomUUID();
      const at = new Date(0).toISOString();
      templates.set(id, {
        id,
        organization_id: organizationId,
        title: "Template",
        message,
        channel_type: channelType,
        attachments: [],
        access_level: "organization",
        archived: false,
        variables: [],
        created_by: null,
        updated_by: null,
        created_at: at,
        updated_at: at,
      });
      return id;
    },
    upserts,
    contactOf,
    inbound(contactId, body) {
      return {
        id: crypto.randomUUID(),
        conversation_id: crypto.randomUUID(),
        contact_id: contactId,
        channel_id: channel.id,
        type: "sms",
        direction: "INBOUND",
        body,
        from: "+14155551234",
        to: channel.phone ?? "",
        delivery_status: "received",
        attachments: [],
        media: [],
        automated: false,
        created_at: new Date(now).toISOString(),
        updated_at: new Date(now).toISOString(),
      } as unknown as Message;
    },
    async history(runId) {
      const steps = await database.db
        .selectFrom("run_steps")
        .selectAll()
        .where("run_id", "=", runId)
        .orderBy("seq")
        .execute();
      return steps.map((s) => `${s.step_key}:${s.state}${s.outcome ? `:${s.outcome}` : ""}`);
    },
    async close() {
      await caller?.idle();
      await client.close();
      await database.close();
      await dropSchemas(schema);
    },
  };
}
