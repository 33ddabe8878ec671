import { type Organization, type Stack, TWILIO_ACCOUNT, WHATSAPP_NUMBER } from "@relay/local-stack";
import { TEST_ADMIN_TOKEN } from "@relay/testing";

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser's view of the gateway: one session cookie, and its CSRF token once logged in. */
export class SessionClient {
  cookie = "";
  csrf = "";
  constructor(private readonly baseUrl: string) {}

  async call<T = { data: unknown; error?: string }>(
    method: string,
    path: string,
    body?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.cookie) headers.cookie = this.cookie;
    if ((options.csrf ?? true) && this.csrf && method !== "GET") headers["x-csrf-token"] = this.csrf;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("relay_session="));
    if (cookie) this.cookie = cookie.split(";")[0] ?? "";
    const text = await res.text();
    const parsed = (text ? JSON.parse(text) : undefined) as T;
    const csrf = (parsed as { data?: { csrf_token?: string } } | undefined)?.data?.csrf_token;
    if (csrf) this.csrf = csrf;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  login(email: string, password: string) {
    return this.call("POST", "/app/api/session", { email, password });
  }
}

/** Sets a user's password through the operator's reset link (as `pnpm start` does for the demo login). */
export async function setPassword(stack: Stack, organizationId: string, userId: number, password: string) {
  const res = await fetch(`${stack.gatewayUrl}/app/api/admin/password_resets`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ organization_id: organizationId, user_id: userId }),
  });
  if (res.status !== 201) throw new Error(`reset link: ${res.status} ${await res.text()}`);
  const { reset_url } = ((await res.json()) as { data: { reset_url: string } }).data;
  const token = new URLSearchParams(new URL(reset_url).hash.slice(1)).get("token") ?? "";
  const done = await fetch(`${stack.gatewayUrl}/app/api/password_resets/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, password }),
  });
  if (done.status !== 200) throw new Error(`reset: ${done.status} ${await done.text()}`);
}

/** A user of `org` with a login (created through the public API, password set by the operator's link). */
export async function createLogin(
  stack: Stack,
  org: Organization,
  user: { name: string; email: string; role: "admin" | "agent" },
  password: string,
): Promise<number> {
  const created = await org.api<{ data: { id: number } }>("POST", "/users", user);
  if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);
  await setPassword(stack, org.id, created.body.data.id, password);
  return created.body.data.id;
}

export async function createPhoneChannel(org: Organization, phone: string, name = "Recruiting line") {
  const channel = await org.api<{ data: { id: string } }>("POST", "/channels", {
    type: "phone",
    name,
    phone,
    provider: "twilio",
    credentials: { account_sid: TWILIO_ACCOUNT.sid, auth_token: TWILIO_ACCOUNT.token },
    send_rate: 50,
  });
  if (channel.status !== 201) throw new Error(`channel: ${channel.status} ${JSON.stringify(channel.body)}`);
  return channel.body.data.id;
}

/** The organization's WhatsApp channel on the local stack's Graph API fake (its one number). */
export async function createWhatsAppChannel(org: Organization, name = "WhatsApp line") {
  const channel = await org.api<{ data: { id: string } }>("POST", "/channels", {
    type: "whatsapp",
    name,
    phone: WHATSAPP_NUMBER.phone,
    provider: "whatsapp_cloud",
    credentials: {
      phone_number_id: WHATSAPP_NUMBER.phoneNumberId,
      access_token: WHATSAPP_NUMBER.accessToken,
      app_secret: WHATSAPP_NUMBER.appSecret,
      verify_token: WHATSAPP_NUMBER.verifyToken,
    },
  });
  if (channel.status !== 201) throw new Error(`channel: ${channel.status} ${JSON.stringify(channel.body)}`);
  return channel.body.data.id;
}

export function inboundSms(stack: Stack, from: string, to: string, body: string) {
  return stack.twilio.sendInboundSms({
    url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
    accountSid: TWILIO_ACCOUNT.sid,
    from,
    to,
    body,
  });
}

/** Reads a server-sent event stream until `until` holds for the events seen (or the deadline). */
export async function readEvents(
  url: string,
  cookie: string,
  until: (events: Array<{ id?: string; event?: string; data?: string }>) => boolean,
  options: { lastEventId?: string; timeoutMs?: number; onOpen?: () => Promise<void> } = {},
) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 15_000);
  const events: Array<{ id?: string; event?: string; data?: string }> = [];
  try {
    const res = await fetch(url, {
      headers: {
        cookie,
        accept: "text/event-stream",
        ...(options.lastEventId && { "last-event-id": options.lastEventId }),
      },
      signal: abort.signal,
    });
    if (!res.ok || !res.body) return { status: res.status, events };
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let opened = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: { id?: string; event?: string; data?: string } = {};
        for (const line of block.split("\n")) {
          const [field, ...rest] = line.split(":");
          const text = rest.join(":").replace(/^ /, "");
          if (field === "id") event.id = text;
          if (field === "event") event.event = text;
          if (field === "data") event.data = text;
        }
        if (event.event || event.data) events.push(event);
        end = buffer.indexOf("\n\n");
      }
      if (!opened && events.some((e) => e.event === "ready")) {
        opened = true;
        await options.onOpen?.();
      }
      if (until(events)) break;
    }
    await reader.cancel().catch(() => undefined);
    return { status: res.status, events };
  } catch (error) {
    if (abort.signal.aborted) return { status: 0, events };
    throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
