import { createServer } from "node:net";
import { CoreConfig, start as startCore } from "@relay/core";
import type { EventEnvelope } from "@relay/domain";
import { type Bus, connectBus, loadConfig, type RunningService } from "@relay/service-kit";
import {
  dropSchemas,
  type RunningTwilioFake,
  serviceTestEnv,
  startTwilioFake,
  TEST_ADMIN_TOKEN,
  TEST_INTERNAL_TOKEN,
  testNatsUrl,
  uniqueName,
  waitFor,
} from "@relay/testing";
import pg from "pg";
import { PhoneConfig, start as startPhone } from "../src/start.js";

/** The Twilio account the test channels use, and the sandbox's fixed dev account. */
export const ACCOUNT = { sid: `AC${"1234abcd".repeat(4)}`, token: "test-twilio-auth-token" };
export const SANDBOX = { sid: `AC${"0".repeat(32)}`, token: "sandbox_auth_token_for_local_dev" };

export interface PhoneStack {
  core: RunningService;
  phone: RunningService;
  /** Stands in for api.twilio.com (TWILIO_API_URL). */
  twilio: RunningTwilioFake;
  /** Stands in for the sandbox (TWILIO_SANDBOX_API_URL). */
  sandbox: RunningTwilioFake;
  phoneSchema: string;
  bus: Bus;
  /** Another phone instance on the same schema and namespace (a second replica). */
  startReplica(env?: Record<string, string>): Promise<RunningService>;
  createOrganization(): Promise<string>;
  /** Creates a channel through core's route, as the gateway would; returns the channel. */
  createChannel(
    organizationId: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; phone: string }>;
  /** Every `phone.*` event published so far, in order. */
  events(): Promise<EventEnvelope[]>;
  waitForEvent(predicate: (event: EventEnvelope) => boolean, description: string): Promise<EventEnvelope>;
  /** Runs SQL in phone's schema. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/** A free TCP port: phone must know its own URL (PUBLIC_BASE_URL) before it listens. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const usedNumbers = new Set<string>();
/** A phone number no other test in the file uses: inbound webhooks are routed by number. */
export function uniqueNumber(): string {
  for (;;) {
    const number = `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    if (!usedNumbers.has(number)) {
      usedNumbers.add(number);
      return number;
    }
  }
}

/** Boots core and phone in-process in one NATS namespace, with Twilio fakes for both API URLs. */
export async function startStack(env: Record<string, string> = {}): Promise<PhoneStack> {
  const namespace = uniqueName("phone");
  const coreSchema = uniqueName("phone_core_test");
  const phoneSchema = uniqueName("phone_test");
  const twilio = await startTwilioFake({ accounts: { [ACCOUNT.sid]: ACCOUNT.token }, statusDelayMs: 5 });
  const sandbox = await startTwilioFake({ accounts: { [SANDBOX.sid]: SANDBOX.token }, statusDelayMs: 5 });
  const core = await startCore(
    loadConfig(
      CoreConfig,
      serviceTestEnv({ schema: coreSchema, namespace, extra: { ADMIN_TOKEN: TEST_ADMIN_TOKEN } }),
    ),
  );
  const phoneConfig = async (extra: Record<string, string>) => {
    const port = await freePort();
    return loadConfig(
      PhoneConfig,
      serviceTestEnv({
        schema: phoneSchema,
        namespace,
        extra: {
          PORT: String(port),
          PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
          TWILIO_API_URL: twilio.url,
          TWILIO_SANDBOX_API_URL: sandbox.url,
          SEND_MAX_ATTEMPTS: "3",
          SEND_RECONCILE_WINDOW_MS: "200",
          ...env,
          ...extra,
        },
      }),
    );
  };
  const phone = await startPhone(await phoneConfig({}));
  const replicas: RunningService[] = [];
  const bus = await connectBus({ url: testNatsUrl(), name: "phone-test", namespace });
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    options: `-c search_path=${phoneSchema}`,
  });

  const stream = bus.stream("phone.x");
  const seen: EventEnvelope[] = [];
  let nextSeq = 1;
  const events = async () => {
    const info = await bus.jsm.streams.info(stream);
    for (; nextSeq <= info.state.last_seq; nextSeq++) {
      const message = await bus.jsm.streams.getMessage(stream, { seq: nextSeq });
      if (message) seen.push(message.json<EventEnvelope>());
    }
    return [...seen];
  };

  const coreCall = async (path: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${core.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-internal-token": TEST_INTERNAL_TOKEN, ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text).data;
  };

  return {
    core,
    phone,
    twilio,
    sandbox,
    phoneSchema,
    bus,
    async startReplica(extra = {}) {
      const replica = await startPhone(await phoneConfig(extra));
      replicas.push(replica);
      return replica;
    },
    async createOrganization() {
      const data = await coreCall(
        "/admin/organizations",
        { name: "Phone Test Org" },
        { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      );
      return data.organization.id;
    },
    createChannel: (organizationId, body) =>
      coreCall("/v1/channels", body, { "x-organization-id": organizationId }),
    events,
    waitForEvent: (predicate, description) =>
      waitFor(async () => (await events()).find(predicate), { description, timeoutMs: 15_000 }),
    async query(text, values) {
      return (await pool.query(text, values)).rows;
    },
    async stop() {
      for (const replica of replicas) await replica.stop();
      await phone.stop();
      await core.stop();
      await bus.close();
      await pool.end();
      await twilio.stop();
      await sandbox.stop();
      await dropSchemas(coreSchema, phoneSchema);
    },
  };
}

/** A Twilio phone channel on a fresh number, for the test account. */
export function twilioChannel(extra: Record<string, unknown> = {}) {
  return {
    type: "phone",
    name: "Front desk",
    phone: uniqueNumber(),
    provider: "twilio",
    credentials: { account_sid: ACCOUNT.sid, auth_token: ACCOUNT.token },
    send_rate: 50,
    ...extra,
  };
}
