import type { BulkMessage, BulkSendResult, Channel, Message, MessageTemplate } from "@relay/domain";
import { NotFoundError, ValidationError } from "@relay/domain";
import type { BulkSender } from "@relay/service-kit";
import {
  createDatabase,
  createLogger,
  type Database,
  Idempotency,
  migrate,
  transactor,
} from "@relay/service-kit";
import { dropSchemas, testDatabaseUrl, uniqueName } from "@relay/testing";
import { migrations } from "../src/db/migrations/index.js";
import type { SequencesDB } from "../src/db/schema.js";
import type { SequencesDeps } from "../src/deps.js";

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
  sent: Map<string, { id: string; body: string | undefined; contact_id: string | undefined }>;
  /** Contacts the bulk path refuses as opted out. */
  optedOut: Set<string>;
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
  /** Every batch of rows upserted in the fake core. */
  upserts: unknown[][];
  /** The contact id the fake core gives a phone number. */
  contactOf(phone: string): string;
  inbound(contactId: string, body: string): Message;
  /** A message template of the organization in the fake core; returns its id. */
  addTemplate(message: string, channelType?: MessageTemplate["channel_type"]): string;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const schema = uniqueName("sequences_test");
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
  const calls: BulkMessage[][] = [];
  const sent: Harness["sent"] = new Map();
  let lose = false;
  const optedOut = new Set<string>();
  let hold: Promise<void> | undefined;
  const mine = async (organization: string) => {
    if (organization !== organizationId) throw new Error(`no channel in ${organization}`);
    return channel;
  };
  const channels: SequencesDeps["channels"] = { channel: mine, channelAt: mine, firstChannel: mine };
  const contactIds = new Map<string, string>();
  const upserts: unknown[][] = [];
  const contactOf = (phone: string) => {
    const id = contactIds.get(phone) ?? crypto.randomUUID();
    contactIds.set(phone, id);
    return id;
  };
  const changes: Harness["changes"] = [];
  const refuseChanges = new Set<string>();
  const contacts: SequencesDeps["contacts"] = {
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
  const bulk: BulkSender = {
    async send(_organization, rows): Promise<BulkSendResult> {
      calls.push(rows);
      if (hold) await hold;
      const results = rows.map((row, index) => {
        const key = row.key as string;
        if (row.contact_id && optedOut.has(row.contact_id)) {
          return {
            index,
            key,
            status: "refused" as const,
            error: { code: "opted_out" as const, message: "the contact opted out of this channel" },
          };
        }
        let message = sent.get(key);
        if (!message) {
          message = {
            id: crypto.randomUUID(),
            body: "body" in row ? row.body : undefined,
            contact_id: row.contact_id,
          };
          sent.set(key, message);
        }
        return { index, key, status: "queued" as const, id: message.id, contact_id: row.contact_id };
      });
      if (lose) {
        lose = false;
        throw new Error("connection reset after conversations stored the rows");
      }
      return { results, queued: rows.length, scheduled: 0, refused: 0 };
    },
  };
  const templates = new Map<string, MessageTemplate>();
  const templatesOf: SequencesDeps["templates"] = {
    async get(organization, id) {
      const found = templates.get(id);
      if (!found || organization !== organizationId) throw new NotFoundError("message template");
      return found;
    },
  };
  const idempotency = new Idempotency(database.db as never, 3_600_000);
  const deps: SequencesDeps = {
    db: database.db,
    transact: transactor(database.db, undefined, idempotency),
    idempotency,
    logger: createLogger("sequences-test", "silent"),
    channels,
    contacts,
    bulk,
    templates: templatesOf,
    internalToken: "test-internal-token-0123456789",
    now: () => new Date(now),
    readiness: [],
  };
  return {
    deps,
    database,
    organizationId,
    channel,
    calls,
    sent,
    optedOut,
    changes,
    refuseChanges,
    loseNextAnswer() {
      lose = true;
    },
    holdBulk(until) {
      hold = until;
    },
    setNow(ms) {
      now = ms;
    },
    now: () => now,
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
    async close() {
      await database.close();
      await dropSchemas(schema);
    },
  };
}
