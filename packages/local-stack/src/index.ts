import { CampaignsConfig, start as startCampaigns } from "@relay/campaigns";
import { ConversationsConfig, start as startConversations } from "@relay/conversations";
import { CoreConfig, start as startCore } from "@relay/core";
import { EmailConfig, start as startEmail } from "@relay/email";
import { GatewayConfig, start as startGateway } from "@relay/gateway";
import { PhoneConfig, start as startPhone } from "@relay/phone";
import { SequencesConfig, start as startSequences } from "@relay/sequences";
import { loadConfig, type RunningService } from "@relay/service-kit";
import {
  dropSchemas,
  freePort,
  type RunningSmtpSink,
  type RunningTwilioFake,
  type RunningWhatsAppFake,
  serviceTestEnv,
  startSmtpSink,
  startTwilioFake,
  startWhatsAppFake,
  TEST_ADMIN_TOKEN,
  uniqueName,
} from "@relay/testing";
import { start as startWeb, WebConfig } from "@relay/web";
import { start as startWebhooks, WebhooksConfig } from "@relay/webhooks";
import { start as startWhatsApp, WhatsAppConfig } from "@relay/whatsapp";
import { GATEWAY, instanceEnv, SERVICES, type ServiceNode } from "../../../topology/index.js";

/** The Twilio account the test channels use; the fake stands in for api.twilio.com. */
export const TWILIO_ACCOUNT = { sid: `AC${"e2e0".repeat(8)}`, token: "e2e-twilio-auth-token" };
/** The WhatsApp Cloud number the test channels use; the Graph API fake knows it. */
export const WHATSAPP_NUMBER = {
  phone: "+14155550177",
  phoneNumberId: "1098765432100",
  accessToken: "e2e-whatsapp-access-token",
  appSecret: "e2e-whatsapp-app-secret",
  verifyToken: "e2e-whatsapp-verify-token",
};
const SANDBOX_ACCOUNT = { sid: `AC${"0".repeat(32)}`, token: "sandbox_auth_token_for_local_dev" };

export interface Stack {
  gatewayUrl: string;
  phoneUrl: string;
  /** Each service's PostgreSQL schema (for benchmarks that count rows). */
  schemas: Record<
    | "core"
    | "conversations"
    | "phone"
    | "email"
    | "whatsapp"
    | "campaigns"
    | "sequences"
    | "webhooks"
    | "web"
    | "gateway",
    string
  >;
  /** Stands in for graph.facebook.com. */
  whatsapp: RunningWhatsAppFake;
  /** Where `sandbox` email channels send (an SMTP sink recording every mail). */
  smtp: RunningSmtpSink;
  /** The email service's inbound SMTP port (deliver mail to the platform here). */
  emailSmtpPort: number;
  twilio: RunningTwilioFake;
  /** Restarts the conversations service (a new instance on the same schema), as after a crash or deploy. */
  restartConversations(): Promise<void>;
  /** Creates an organization through the gateway's admin route; returns its first key. */
  createOrganization(name?: string): Promise<Organization>;
  stop(): Promise<void>;
}

export interface Organization {
  id: string;
  apiKey: string;
  apiKeyId: string;
  /** Calls the public API with this organization's key (and any extra headers, e.g. `Idempotency-Key`). */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options?: { headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface StackOptions {
  /** Extra settings per service, e.g. `{ phone: { SEND_CONCURRENCY: "16" } }`. */
  env?: Partial<
    Record<
      | "core"
      | "conversations"
      | "phone"
      | "email"
      | "whatsapp"
      | "campaigns"
      | "sequences"
      | "webhooks"
      | "web"
      | "gateway",
      Record<string, string>
    >
  >;
  /** Delay between the Twilio fake's status callbacks. */
  statusDelayMs?: number;
  /** The campaigns service's clock (quiet hours, schedules); the real one when unset. */
  campaignsNow?: () => Date;
  /** The sequences service's clock (delays, reply timeouts); the real one when unset. */
  sequencesNow?: () => Date;
  /** The webhooks service's clock (retries, secret expiry); the real one when unset. */
  webhooksNow?: () => Date;
  /** The web service's clock (session expiry, login windows); the real one when unset. */
  webNow?: () => Date;
}

type ServiceKey = Stack["schemas"] extends Record<infer K, string> ? K : never;

interface Fakes {
  gatewayUrl: string;
  twilio: RunningTwilioFake;
  smtp: RunningSmtpSink;
  whatsapp: RunningWhatsAppFake;
}

/**
 * How each service of the topology starts in-process, and what a test stack sets on it beyond
 * the topology's ports and upstream URLs: its providers' fakes, short poll intervals, the admin
 * token. The order, the ports and who reaches whom come from `topology/services.ts` alone.
 */
const STARTERS: Record<
  ServiceKey,
  {
    start(env: Record<string, string>, options: StackOptions): Promise<RunningService>;
    testEnv(fakes: Fakes): Record<string, string>;
  }
> = {
  core: {
    start: (env) => startCore(loadConfig(CoreConfig, env)),
    testEnv: () => ({ ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
  },
  conversations: {
    start: (env) => startConversations(loadConfig(ConversationsConfig, env)),
    testEnv: () => ({ SCHEDULER_INTERVAL_MS: "100" }),
  },
  phone: {
    start: (env) => startPhone(loadConfig(PhoneConfig, env)),
    testEnv: ({ twilio }) => ({ TWILIO_API_URL: twilio.url, TWILIO_SANDBOX_API_URL: twilio.url }),
  },
  email: {
    start: (env) => startEmail(loadConfig(EmailConfig, env)),
    testEnv: ({ smtp }) => ({ SMTP_SANDBOX_HOST: "127.0.0.1", SMTP_SANDBOX_PORT: String(smtp.port) }),
  },
  whatsapp: {
    start: (env) => startWhatsApp(loadConfig(WhatsAppConfig, env)),
    testEnv: ({ whatsapp }) => ({ WHATSAPP_API_URL: whatsapp.url, WHATSAPP_SANDBOX_API_URL: whatsapp.url }),
  },
  campaigns: {
    start: (env, options) =>
      startCampaigns(
        loadConfig(CampaignsConfig, env),
        options.campaignsNow ? { now: options.campaignsNow } : {},
      ),
    testEnv: () => ({ DISPATCH_INTERVAL_MS: "50" }),
  },
  sequences: {
    start: (env, options) =>
      startSequences(
        loadConfig(SequencesConfig, env),
        options.sequencesNow ? { now: options.sequencesNow } : {},
      ),
    // Test receivers of webhook steps listen on this machine.
    testEnv: () => ({ TIMER_INTERVAL_MS: "50", SEQUENCES_ALLOW_LOCALHOST: "true" }),
  },
  webhooks: {
    start: (env, options) =>
      startWebhooks(loadConfig(WebhooksConfig, env), options.webhooksNow ? { now: options.webhooksNow } : {}),
    // Test receivers listen on this machine: the operator's setting that allows them.
    testEnv: () => ({ WEBHOOKS_ALLOW_LOCALHOST: "true", DISPATCH_INTERVAL_MS: "50" }),
  },
  web: {
    start: (env, options) =>
      startWeb(loadConfig(WebConfig, env), options.webNow ? { now: options.webNow } : {}),
    testEnv: () => ({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, LIVE_POLL_MS: "50" }),
  },
  gateway: {
    start: (env) => startGateway(loadConfig(GatewayConfig, env)),
    testEnv: () => ({ RATE_LIMIT_PER_SECOND: "1000", RATE_LIMIT_BURST: "1000" }),
  },
};

/**
 * Every service of the topology in-process, in its start order, on free ports (the gateway's
 * chosen first: providers call the public URL), sharing one fresh NATS namespace; each reaches
 * its upstreams at the ports they got. A client talks to the gateway.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const namespace = uniqueName("e2e");
  const schemas = Object.fromEntries(
    SERVICES.map((s) => [s.name, uniqueName(`e2e_${s.name}`)]),
  ) as Stack["schemas"];
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const fakes: Fakes = {
    gatewayUrl,
    twilio: await startTwilioFake({
      accounts: { [TWILIO_ACCOUNT.sid]: TWILIO_ACCOUNT.token, [SANDBOX_ACCOUNT.sid]: SANDBOX_ACCOUNT.token },
      statusDelayMs: options.statusDelayMs ?? 5,
    }),
    smtp: await startSmtpSink({ port: 0 }),
    whatsapp: await startWhatsAppFake({
      phoneNumbers: {
        [WHATSAPP_NUMBER.phoneNumberId]: {
          accessToken: WHATSAPP_NUMBER.accessToken,
          appSecret: WHATSAPP_NUMBER.appSecret,
          displayPhoneNumber: WHATSAPP_NUMBER.phone.slice(1),
        },
      },
    }),
  };
  const started = new Map<ServiceKey, RunningService>();
  const envOf = (node: ServiceNode) => {
    const name = node.name as ServiceKey;
    const ports = {
      http: name === GATEWAY ? gatewayPort : 0,
      listens: Object.fromEntries((node.listens ?? []).map((l) => [l.setting, 0])),
    };
    const topology = instanceEnv(node, ports, (upstream) => {
      const running = started.get(upstream.name as ServiceKey);
      if (!running)
        throw new Error(`${node.name} calls ${upstream.name}, which starts after it in the topology`);
      return running.url;
    });
    return serviceTestEnv({
      schema: schemas[name],
      namespace,
      extra: {
        PUBLIC_BASE_URL: gatewayUrl,
        ...topology,
        ...STARTERS[name].testEnv(fakes),
        ...options.env?.[name],
      },
    });
  };
  const envs = new Map<ServiceKey, Record<string, string>>();
  for (const node of SERVICES) {
    const name = node.name as ServiceKey;
    const env = envOf(node);
    envs.set(name, env);
    started.set(name, await STARTERS[name].start(env, options));
  }
  const running = (name: ServiceKey) => started.get(name) as RunningService;

  return {
    gatewayUrl,
    phoneUrl: running("phone").url,
    schemas,
    smtp: fakes.smtp,
    emailSmtpPort: (running("email") as RunningService & { smtpPort: number }).smtpPort,
    whatsapp: fakes.whatsapp,
    twilio: fakes.twilio,
    async restartConversations() {
      const before = running("conversations");
      await before.stop();
      const env = { ...(envs.get("conversations") as Record<string, string>), PORT: String(before.port) };
      started.set("conversations", await STARTERS.conversations.start(env, options));
    },
    createOrganization: (name = "E2E Org") => createOrganization(gatewayUrl, name),
    async stop() {
      for (const node of [...SERVICES].reverse()) await started.get(node.name as ServiceKey)?.stop();
      await fakes.twilio.stop();
      await fakes.smtp.stop();
      await fakes.whatsapp.stop();
      await dropSchemas(...Object.values(schemas));
    },
  };
}

/** A new organization through the gateway's admin API (the test admin token), with its first key. */
export async function createOrganization(gatewayUrl: string, name: string): Promise<Organization> {
  const res = await fetch(`${gatewayUrl}/admin/organizations`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`admin bootstrap failed: ${res.status} ${await res.text()}`);
  const { data } = (await res.json()) as {
    data: { organization: { id: string }; api_key: { id: string; key: string } };
  };
  return {
    id: data.organization.id,
    apiKey: data.api_key.key,
    apiKeyId: data.api_key.id,
    api: (method, path, body, options) => call(gatewayUrl, data.api_key.key, method, path, body, options),
  };
}

export async function call<T>(
  baseUrl: string,
  key: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (key) headers["x-whippy-key"] = key;
  const res = await fetch(`${baseUrl}/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}
