import { CoreConfig, start as startCore } from "@relay/core";
import type { EventEnvelope } from "@relay/domain";
import { type Bus, connectBus, loadConfig, type RunningService } from "@relay/service-kit";
import {
  dropSchemas,
  type RunningSmtpSink,
  serviceTestEnv,
  startSmtpSink,
  TEST_ADMIN_TOKEN,
  TEST_INTERNAL_TOKEN,
  testNatsUrl,
  uniqueName,
  waitFor,
} from "@relay/testing";
import pg from "pg";
import { EmailConfig, type RunningEmailService, start as startEmail } from "../src/start.js";

export interface EmailStack {
  core: RunningService;
  email: RunningEmailService;
  sink: RunningSmtpSink;
  bus: Bus;
  createOrganization(): Promise<string>;
  /** Creates an email channel through core's route, as the gateway would. */
  createChannel(
    organizationId: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; address: string }>;
  /** Every `email.*` event published so far, in order. */
  events(): Promise<EventEnvelope[]>;
  waitForEvent(predicate: (event: EventEnvelope) => boolean, description: string): Promise<EventEnvelope>;
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/** Boots core and email in-process in one NATS namespace, with an SMTP sink as every channel's server. */
export async function startStack(env: Record<string, string> = {}): Promise<EmailStack> {
  const namespace = uniqueName("email");
  const coreSchema = uniqueName("email_core_test");
  const emailSchema = uniqueName("email_test");
  const sink = await startSmtpSink();
  const core = await startCore(
    loadConfig(
      CoreConfig,
      serviceTestEnv({ schema: coreSchema, namespace, extra: { ADMIN_TOKEN: TEST_ADMIN_TOKEN } }),
    ),
  );
  const email = await startEmail(
    loadConfig(
      EmailConfig,
      serviceTestEnv({
        schema: emailSchema,
        namespace,
        extra: {
          PORT: "0",
          SMTP_PORT: "0",
          SMTP_SANDBOX_PORT: String(sink.port),
          SEND_MAX_ATTEMPTS: "3",
          ...env,
        },
      }),
    ),
  );
  const bus = await connectBus({ url: testNatsUrl(), name: "email-test", namespace });
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    options: `-c search_path=${emailSchema}`,
  });

  const stream = bus.stream("email.x");
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
    email,
    sink,
    bus,
    async createOrganization() {
      const data = await coreCall(
        "/admin/organizations",
        { name: "Email Test Org" },
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
      await email.stop();
      await core.stop();
      await bus.close();
      await pool.end();
      await sink.stop();
      await dropSchemas(coreSchema, emailSchema);
    },
  };
}

/** An SMTP email channel on a fresh address, pointing at the sink. */
export function smtpChannel(sink: RunningSmtpSink, extra: Record<string, unknown> = {}) {
  return {
    type: "email",
    name: "Support",
    address: `support-${crypto.randomUUID().slice(0, 8)}@relay.test`,
    provider: "smtp",
    credentials: { host: sink.host, port: sink.port, secure: false },
    ...extra,
  };
}
