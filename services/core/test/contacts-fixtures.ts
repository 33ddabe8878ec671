import type { EventEnvelope } from "@relay/domain";
import { type Bus, connectBus, createDatabase, type Database } from "@relay/service-kit";
import { testDatabaseUrl, testNatsUrl, waitFor } from "@relay/testing";
import type { CoreDB } from "../src/db/schema.js";
import type { CoreHarness } from "./harness.js";

/**
 * Direct access to a test core's schema and NATS namespace for what the contacts tests need
 * but the API does not do yet. Organizations are inserted with SQL until the admin route
 * lands: swap `createOrganization` for it here, in one place.
 */
export interface ContactFixtures {
  database: Database<CoreDB>;
  bus: Bus;
  createOrganization(defaultCountry?: string): Promise<string>;
  /** A channel of the organization (contacts refer to channels by id or phone). */
  createChannel(organizationId: string, phone: string): Promise<string>;
  /** Every event core has published in this namespace so far, in order. */
  events(): Promise<EventEnvelope[]>;
  /** Polls the stream until an event matching `predicate` is there. */
  waitForEvent(description: string, predicate: (event: EventEnvelope) => boolean): Promise<EventEnvelope>;
  close(): Promise<void>;
}

export async function contactFixtures(core: CoreHarness): Promise<ContactFixtures> {
  const database = createDatabase<CoreDB>({ url: testDatabaseUrl(), schema: core.schema, maxConnections: 2 });
  const bus = await connectBus({ url: testNatsUrl(), name: "contacts-test", namespace: core.namespace });
  const stream = bus.stream("core.contact.created");
  const seen: EventEnvelope[] = [];
  let nextSeq = 1;

  async function events(): Promise<EventEnvelope[]> {
    const info = await bus.jsm.streams.info(stream);
    for (; nextSeq <= info.state.last_seq; nextSeq++) {
      const message = await bus.jsm.streams.getMessage(stream, { seq: nextSeq });
      if (message) seen.push(message.json<EventEnvelope>());
    }
    return [...seen];
  }

  return {
    database,
    bus,
    async createOrganization(defaultCountry = "US") {
      const id = crypto.randomUUID();
      await database.db
        .insertInto("organizations")
        .values({ id, name: `org ${id.slice(0, 8)}`, default_country: defaultCountry })
        .execute();
      return id;
    },
    async createChannel(organizationId, phone) {
      const id = crypto.randomUUID();
      await database.db
        .insertInto("channels")
        .values({
          id,
          organization_id: organizationId,
          type: "phone",
          name: `line ${phone}`,
          phone,
          provider: "twilio",
          credentials: "{}",
        })
        .execute();
      return id;
    },
    events,
    waitForEvent(description, predicate) {
      return waitFor(async () => (await events()).find(predicate), { description });
    },
    async close() {
      await bus.close();
      await database.close();
    },
  };
}

export interface Reply<T> {
  status: number;
  body: T;
}

export interface ApiError {
  error: string;
  status: number;
  code: string;
  details?: Array<{ field: string; message: string }>;
}

/** Calls `/v1/contacts…` as the gateway would for one organization; the body is typed by the caller. */
export function contactsApi(core: CoreHarness, organizationId: string) {
  return async function call<T>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const res = await core.call(`/v1/contacts${path}`, {
      method,
      organizationId,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

/** The fields named by a 422's details. */
export function fieldsOf(error: ApiError): string[] {
  return (error.details ?? []).map((detail) => detail.field);
}
