import { CoreConfig, start as startCore } from "@relay/core";
import type { EventEnvelope } from "@relay/domain";
import { type Bus, connectBus, loadConfig, type RunningService } from "@relay/service-kit";
import {
  dropSchemas,
  type RunningWhatsAppFake,
  serviceTestEnv,
  startWhatsAppFake,
  TEST_ADMIN_TOKEN,
  TEST_INTERNAL_TOKEN,
  testNatsUrl,
  uniqueName,
  waitFor,
} from "@relay/testing";
import pg from "pg";
import { start as startWhatsApp, WhatsAppConfig } from "../src/start.js";

/** The WhatsApp Cloud number the test channel uses, as Meta would know it. */
export const NUMBER = {
  phoneNumberId: String(100_000_000_000_000 + Math.floor(Math.random() * 1e14)),
  display: `1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
  accessToken: "test-whatsapp-access-token",
  appSecret: "test-whatsapp-app-secret",
  verifyToken: "test-whatsapp-verify-token",
};

export interface WhatsAppStack {
  whatsapp: RunningService;
  /** Stands in for graph.facebook.com (WHATSAPP_API_URL). */
  graph: RunningWhatsAppFake;
  bus: Bus;
  /** `/webhooks/whatsapp` on the adapter. */
  webhookUrl: string;
  createOrganization(): Promise<string>;
  createChannel(
    organizationId: string,
    body: Record<string, unknown>,
  ): Promise<{ id: string; phone: string }>;
  /** Every `whatsapp.*` event published so far, in order. */
  events(): Promise<EventEnvelope[]>;
  waitForEvent(predicate: (event: EventEnvelope) => boolean, description: string): Promise<EventEnvelope>;
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/** Boots core and whatsapp in-process in one NATS namespace, with a Graph API fake. */
export async function startStack(env: Record<string, string> = {}): Promise<WhatsAppStack> {
  const namespace = uniqueName("whatsapp");
  const coreSchema = uniqueName("whatsapp_core_test");
  const schema = uniqueName("whatsapp_test");
  const graph = await startWhatsAppFake({
    phoneNumbers: {
      [NUMBER.phoneNumberId]: {
        accessToken: NUMBER.accessToken,
        appSecret: NUMBER.appSecret,
        displayPhoneNumber: NUMBER.display,
      },
    },
  });
  const core = await startCore(
    loadConfig(
      CoreConfig,
      serviceTestEnv({ schema: coreSchema, namespace, extra: { ADMIN_TOKEN: TEST_ADMIN_TOKEN } }),
    ),
  );
  const whatsapp = await startWhatsApp(
    loadConfig(
      WhatsAppConfig,
      serviceTestEnv({
        schema,
        namespace,
        extra: {
          PORT: "0",
          WHATSAPP_API_URL: graph.url,
          SEND_MAX_ATTEMPTS: "3",
          SEND_RECONCILE_WINDOW_MS: "200",
          ...env,
        },
      }),
    ),
  );
  const bus = await connectBus({ url: testNatsUrl(), name: "whatsapp-test", namespace });
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    options: `-c search_path=${schema}`,
  });

  const stream = bus.stream("whatsapp.x");
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
    whatsapp,
    graph,
    bus,
    webhookUrl: `${whatsapp.url}/webhooks/whatsapp`,
    async createOrganization() {
      const data = await coreCall(
        "/admin/organizations",
        { name: "WhatsApp Test Org" },
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
      await whatsapp.stop();
      await core.stop();
      await bus.close();
      await pool.end();
      await graph.stop();
      await dropSchemas(coreSchema, schema);
    },
  };
}

/** A WhatsApp Cloud channel on the test number, with the fake's credentials. */
export function cloudChannel() {
  return {
    type: "whatsapp",
    name: "WhatsApp desk",
    phone: `+${NUMBER.display}`,
    provider: "whatsapp_cloud",
    credentials: {
      phone_number_id: NUMBER.phoneNumberId,
      access_token: NUMBER.accessToken,
      app_secret: NUMBER.appSecret,
      verify_token: NUMBER.verifyToken,
    },
  };
}
