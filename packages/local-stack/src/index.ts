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

/** Every service in-process on free ports, sharing one fresh NATS namespace; a client talks to the gateway. */
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

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const namespace = uniqueName("e2e");
  const schemas = {
    core: uniqueName("e2e_core"),
    conversations: uniqueName("e2e_conversations"),
    phone: uniqueName("e2e_phone"),
    email: uniqueName("e2e_email"),
    whatsapp: uniqueName("e2e_whatsapp"),
    campaigns: uniqueName("e2e_campaigns"),
    sequences: uniqueName("e2e_sequences"),
    webhooks: uniqueName("e2e_webhooks"),
    web: uniqueName("e2e_web"),
    gateway: uniqueName("e2e_gateway"),
  };
  // Providers call the public URL, so the gateway's address is fixed before anything starts.
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const twilio = await startTwilioFake({
    accounts: { [TWILIO_ACCOUNT.sid]: TWILIO_ACCOUNT.token, [SANDBOX_ACCOUNT.sid]: SANDBOX_ACCOUNT.token },
    statusDelayMs: options.statusDelayMs ?? 5,
  });
  const env = (schema: string, extra: Record<string, string> = {}) =>
    serviceTestEnv({ schema, namespace, extra: { PUBLIC_BASE_URL: gatewayUrl, ...extra } });
  const services: RunningService[] = [];
  const core = await startCore(
    loadConfig(CoreConfig, env(schemas.core, { ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...options.env?.core })),
  );
  services.push(core);
  const conversationsConfig = loadConfig(
    ConversationsConfig,
    env(schemas.conversations, { SCHEDULER_INTERVAL_MS: "100", ...options.env?.conversations }),
  );
  let conversations = await startConversations(conversationsConfig);
  services.push(conversations);
  const phone = await startPhone(
    loadConfig(
      PhoneConfig,
      env(schemas.phone, {
        TWILIO_API_URL: twilio.url,
        TWILIO_SANDBOX_API_URL: twilio.url,
        ...options.env?.phone,
      }),
    ),
  );
  services.push(phone);
  const smtp = await startSmtpSink({ port: 0 });
  const email = await startEmail(
    loadConfig(
      EmailConfig,
      env(schemas.email, {
        SMTP_PORT: "0",
        SMTP_SANDBOX_HOST: "127.0.0.1",
        SMTP_SANDBOX_PORT: String(smtp.port),
        ...options.env?.email,
      }),
    ),
  );
  services.push(email);
  const whatsappFake = await startWhatsAppFake({
    phoneNumbers: {
      [WHATSAPP_NUMBER.phoneNumberId]: {
        accessToken: WHATSAPP_NUMBER.accessToken,
        appSecret: WHATSAPP_NUMBER.appSecret,
        displayPhoneNumber: WHATSAPP_NUMBER.phone.slice(1),
      },
    },
  });
  const whatsapp = await startWhatsApp(
    loadConfig(
      WhatsAppConfig,
      env(schemas.whatsapp, {
        WHATSAPP_API_URL: whatsappFake.url,
        WHATSAPP_SANDBOX_API_URL: whatsappFake.url,
        ...options.env?.whatsapp,
      }),
    ),
  );
  services.push(whatsapp);
  const campaigns = await startCampaigns(
    loadConfig(
      CampaignsConfig,
      env(schemas.campaigns, {
        CONVERSATIONS_URL: `http://127.0.0.1:${conversations.port}`,
        DISPATCH_INTERVAL_MS: "50",
        ...options.env?.campaigns,
      }),
    ),
    options.campaignsNow ? { now: options.campaignsNow } : {},
  );
  services.push(campaigns);
  const sequences = await startSequences(
    loadConfig(
      SequencesConfig,
      env(schemas.sequences, {
        CONVERSATIONS_URL: `http://127.0.0.1:${conversations.port}`,
        TIMER_INTERVAL_MS: "50",
        // Test receivers of webhook steps listen on this machine.
        SEQUENCES_ALLOW_LOCALHOST: "true",
        ...options.env?.sequences,
      }),
    ),
    options.sequencesNow ? { now: options.sequencesNow } : {},
  );
  services.push(sequences);
  // Test receivers listen on this machine: the operator's setting that allows them.
  const webhooks = await startWebhooks(
    loadConfig(
      WebhooksConfig,
      env(schemas.webhooks, {
        WEBHOOKS_ALLOW_LOCALHOST: "true",
        DISPATCH_INTERVAL_MS: "50",
        ...options.env?.webhooks,
      }),
    ),
    options.webhooksNow ? { now: options.webhooksNow } : {},
  );
  services.push(webhooks);
  const web = await startWeb(
    loadConfig(
      WebConfig,
      env(schemas.web, {
        CORE_URL: core.url,
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        LIVE_POLL_MS: "50",
        ...options.env?.web,
      }),
    ),
    options.webNow ? { now: options.webNow } : {},
  );
  services.push(web);
  const gateway = await startGateway(
    loadConfig(
      GatewayConfig,
      env(schemas.gateway, {
        PORT: String(gatewayPort),
        CORE_URL: core.url,
        CONVERSATIONS_URL: `http://127.0.0.1:${conversations.port}`,
        PHONE_URL: phone.url,
        EMAIL_URL: email.url,
        WHATSAPP_URL: whatsapp.url,
        CAMPAIGNS_URL: campaigns.url,
        SEQUENCES_URL: sequences.url,
        WEBHOOKS_URL: webhooks.url,
        WEB_URL: web.url,
        RATE_LIMIT_PER_SECOND: "1000",
        RATE_LIMIT_BURST: "1000",
        ...options.env?.gateway,
      }),
    ),
  );
  services.push(gateway);

  return {
    gatewayUrl,
    phoneUrl: phone.url,
    schemas,
    smtp,
    emailSmtpPort: email.smtpPort,
    whatsapp: whatsappFake,
    twilio,
    async restartConversations() {
      const port = conversations.port;
      await conversations.stop();
      conversations = await startConversations({ ...conversationsConfig, PORT: port });
      services.splice(1, 1, conversations);
    },
    createOrganization: (name = "E2E Org") => createOrganization(gatewayUrl, name),
    async stop() {
      for (const service of services.reverse()) await service.stop();
      await twilio.stop();
      await smtp.stop();
      await whatsappFake.stop();
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
