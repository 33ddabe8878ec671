import { CoreConfig, start as startCore } from "@relay/core";
import type { EventEnvelope } from "@relay/domain";
import {
  type Bus,
  connectBus,
  createDatabase,
  type Database,
  loadConfig,
  type RunningService,
} from "@relay/service-kit";
import {
  dropSchemas,
  serviceTestEnv,
  TEST_ADMIN_TOKEN,
  TEST_INTERNAL_TOKEN,
  testDatabaseUrl,
  testNatsUrl,
  uniqueName,
  waitFor,
} from "@relay/testing";
import { sql } from "kysely";
import type { ConversationsDB } from "../src/db/schema.js";
import { ConversationsConfig, start as startConversations } from "../src/start.js";

/** Reply bodies are checked by the assertions (and against the contract), not by the type system. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = any;

export interface Reply<T = Loose> {
  status: number;
  body: T;
}

export interface TestOrganization {
  id: string;
  /** Calls the conversations service's `/v1…` as the gateway would for this organization. */
  call<T = Loose>(method: string, path: string, body?: unknown): Promise<Reply<T>>;
  /** Calls core's `/v1…` for this organization. */
  core<T = Loose>(method: string, path: string, body?: unknown): Promise<Reply<T>>;
  /** A sandbox phone channel of the organization; returns its id. */
  createChannel(phone: string, extra?: Record<string, unknown>): Promise<string>;
}

/** Core and conversations in-process, sharing one NATS namespace; conversations has its own schema. */
export interface Stack {
  namespace: string;
  schema: string;
  core: RunningService;
  /** The conversations instance tests talk to (the first one started, unless a test replaced it). */
  conversations: RunningService;
  /** Direct access to the conversations schema, for what the API does not show (outbox, inbox). */
  db: Database<ConversationsDB>;
  /** The test's own connection to the namespace: publishes provider events, reads streams. */
  bus: Bus;
  createOrganization(): Promise<TestOrganization>;
  /** Another conversations instance on the same schema and namespace. */
  startInstance(env?: Record<string, string>): Promise<RunningService>;
  stop(): Promise<void>;
}

async function reply<T>(res: Response): Promise<Reply<T>> {
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export function callAs(url: string, organizationId: string | undefined) {
  return async <T = Loose>(method: string, path: string, body?: unknown): Promise<Reply<T>> =>
    reply<T>(
      await fetch(`${url}/v1${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          "x-internal-token": TEST_INTERNAL_TOKEN,
          ...(organizationId ? { "x-organization-id": organizationId } : {}),
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    );
}

/** Boots core and conversations (with `env`) for one test file. */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const namespace = uniqueName("conv");
  const coreSchema = uniqueName("conv_core_test");
  const schema = uniqueName("conversations_test");
  const core = await startCore(
    loadConfig(
      CoreConfig,
      serviceTestEnv({ schema: coreSchema, namespace, extra: { ADMIN_TOKEN: TEST_ADMIN_TOKEN } }),
    ),
  );
  const instances: RunningService[] = [];
  const startInstance = async (extra: Record<string, string> = {}) => {
    const config = loadConfig(
      ConversationsConfig,
      serviceTestEnv({ schema, namespace, extra: { SCHEDULER_INTERVAL_MS: "100", ...env, ...extra } }),
    );
    const instance = await startConversations(config);
    instances.push(instance);
    return instance;
  };
  const conversations = await startInstance();
  const db = createDatabase<ConversationsDB>({ url: testDatabaseUrl(), schema, maxConnections: 2 });
  const bus = await connectBus({ url: testNatsUrl(), name: "conversations-test", namespace });

  const stack: Stack = {
    namespace,
    schema,
    core,
    conversations,
    db,
    bus,
    startInstance,
    async createOrganization() {
      const res = await fetch(`${core.url}/admin/organizations`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-internal-token": TEST_INTERNAL_TOKEN,
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        },
        body: JSON.stringify({ name: `Org ${uniqueName("o")}` }),
      });
      if (res.status !== 201) throw new Error(`creating an organization answered ${res.status}`);
      const id: string = ((await res.json()) as Loose).data.organization.id;
      const coreCall = callAs(core.url, id);
      return {
        id,
        // Whichever instance is current: a test may replace the first one.
        call: (method, path, body) => callAs(stack.conversations.url, id)(method, path, body),
        core: coreCall,
        async createChannel(phone, extra = {}) {
          const created = await coreCall("POST", "/channels", {
            type: "phone",
            name: `Line ${phone}`,
            phone,
            timezone: "America/New_York",
            provider: "sandbox",
            ...extra,
          });
          if (created.status !== 201) throw new Error(`creating a channel answered ${created.status}`);
          return created.body.data.id as string;
        },
      };
    },
    async stop() {
      for (const instance of instances.reverse()) await instance.stop();
      await core.stop();
      await bus.close();
      await db.close();
      await dropSchemas(schema, coreSchema);
    },
  };
  return stack;
}

/** Reads every message of one stream (`cmd.phone`, `conversations`) in the namespace, in order. */
export function streamReader(bus: Bus, root: string) {
  const stream = bus.stream(`${root}.x`);
  const seen: Array<EventEnvelope & { published_at: Date }> = [];
  let next = 1;
  return async () => {
    const info = await bus.jsm.streams.info(stream);
    for (; next <= info.state.last_seq; next++) {
      const message = await bus.jsm.streams.getMessage(stream, { seq: next });
      if (message) seen.push({ ...message.json<EventEnvelope>(), published_at: message.time });
    }
    return [...seen];
  };
}

/** Resolves once every committed outbox row of the conversations schema has been published. */
export async function settled(stack: Stack): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(stack.db.db);
      return rows[0]?.n === 0;
    },
    { description: "the outbox to drain" },
  );
}

/** Resolves once `consumer` has handled the event (its inbox holds the id). */
export async function processed(stack: Stack, consumer: string, eventId: string): Promise<void> {
  await waitFor(
    async () => {
      const { rows } =
        await sql`select 1 from inbox where consumer = ${consumer} and event_id = ${eventId}`.execute(
          stack.db.db,
        );
      return rows.length > 0;
    },
    { description: `${consumer} to handle event ${eventId}` },
  );
}
