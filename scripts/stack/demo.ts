import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface DemoOrganization {
  organization_id: string;
  api_key: string;
  created: boolean;
}

/** The number of the demo organization's sandbox SMS channel. */
export const DEMO_CHANNEL_PHONE = "+15555550100";
/** The address of the demo organization's sandbox email channel. */
export const DEMO_CHANNEL_EMAIL = "demo@relay.local";

/**
 * The demo organization: created through the admin API on first start; later starts reuse
 * the key kept in `<state dir>/demo.json` while it still works, or mint a new one.
 */
export async function ensureDemoOrganization(
  gatewayUrl: string,
  adminToken: string,
  stateDir: string,
): Promise<DemoOrganization> {
  const file = join(stateDir, "demo.json");
  const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
  let stored: { organization_id?: string; api_key?: string } = {};
  try {
    stored = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // first start
  }

  if (stored.organization_id && stored.api_key) {
    const check = await fetch(`${gatewayUrl}/v1/channels`, { headers: { "x-whippy-key": stored.api_key } });
    if (check.ok) return { organization_id: stored.organization_id, api_key: stored.api_key, created: false };
  }
  // The key file is gone (or its key was disabled) but the database may still hold the demo
  // organization: reuse it with a fresh key, so its sandbox numbers stay with one organization.
  const existing = stored.organization_id ?? (await findDemoOrganization(gatewayUrl, admin));
  if (existing) {
    const minted = await fetch(`${gatewayUrl}/admin/organizations/${existing}/api_keys`, {
      method: "POST",
      headers: admin,
      body: JSON.stringify({ name: "demo (re-issued by pnpm start)" }),
    });
    if (minted.ok) {
      const body = (await minted.json()) as { data: { key: string } };
      save(file, stateDir, existing, body.data.key);
      return { organization_id: existing, api_key: body.data.key, created: false };
    }
  }

  const res = await fetch(`${gatewayUrl}/admin/organizations`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({ name: DEMO_ORGANIZATION_NAME }),
  });
  if (!res.ok) throw new Error(`creating the demo organization failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { data: { organization: { id: string }; api_key: { key: string } } };
  save(file, stateDir, body.data.organization.id, body.data.api_key.key);
  return { organization_id: body.data.organization.id, api_key: body.data.api_key.key, created: true };
}

const DEMO_ORGANIZATION_NAME = "Demo Organization";

async function findDemoOrganization(
  gatewayUrl: string,
  admin: Record<string, string>,
): Promise<string | undefined> {
  const res = await fetch(`${gatewayUrl}/admin/organizations?limit=500`, { headers: admin });
  if (!res.ok) return undefined;
  const body = (await res.json()) as { data: Array<{ id: string; name: string }> };
  return body.data.find((org) => org.name === DEMO_ORGANIZATION_NAME)?.id;
}

function save(file: string, stateDir: string, organizationId: string, apiKey: string): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ organization_id: organizationId, api_key: apiKey }, null, 2)}\n`, {
    mode: 0o600,
  });
}

/**
 * Sandbox channels for every kind, so a new user can send and receive at once. Run on every
 * start: only the missing ones are created.
 */
export async function ensureDemoChannels(gatewayUrl: string, apiKey: string): Promise<void> {
  const headers = { "x-whippy-key": apiKey, "content-type": "application/json" };
  const listed = await fetch(`${gatewayUrl}/v1/channels?limit=500`, { headers });
  if (!listed.ok)
    throw new Error(`listing the demo channels failed: ${listed.status} ${await listed.text()}`);
  const existing = (
    (await listed.json()) as { data: Array<{ type: string; phone?: string; address?: string }> }
  ).data;
  const channels = [
    {
      type: "phone",
      name: "Demo SMS (sandbox)",
      phone: DEMO_CHANNEL_PHONE,
      timezone: "America/New_York",
      send_rate: 10,
      help_text: "Demo Organization: reply STOP to unsubscribe, START to resubscribe.",
    },
    { type: "email", name: "Demo email (sandbox)", address: DEMO_CHANNEL_EMAIL },
    { type: "whatsapp", name: "Demo WhatsApp (sandbox)", phone: DEMO_CHANNEL_PHONE },
  ];
  for (const channel of channels) {
    const exists = existing.some(
      (c) => c.type === channel.type && (c.phone ?? c.address) === (channel.phone ?? channel.address),
    );
    if (exists) continue;
    const res = await fetch(`${gatewayUrl}/v1/channels`, {
      method: "POST",
      headers,
      body: JSON.stringify({ ...channel, provider: "sandbox" }),
    });
    if (!res.ok)
      throw new Error(`creating the demo ${channel.type} channel failed: ${res.status} ${await res.text()}`);
  }
}

/** The demo organization's admin login. */
export const DEMO_LOGIN_EMAIL = "admin@demo.relay.local";

/**
 * A web login for the demo organization: its admin user (created through the public API when
 * missing) with a password generated on first start and kept in `<state dir>/demo-login.json`;
 * set through the operator's reset link, so no second way of setting passwords exists.
 */
export async function ensureDemoLogin(
  gatewayUrl: string,
  adminToken: string,
  demo: DemoOrganization,
  stateDir: string,
): Promise<{ email: string; password: string }> {
  const file = join(stateDir, "demo-login.json");
  let stored: { email?: string; password?: string; organization_id?: string } = {};
  try {
    stored = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // first start
  }
  if (stored.password && stored.organization_id === demo.organization_id) {
    const check = await fetch(`${gatewayUrl}/app/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: DEMO_LOGIN_EMAIL, password: stored.password }),
    });
    if (check.ok) return { email: DEMO_LOGIN_EMAIL, password: stored.password };
  }
  const key = { "x-whippy-key": demo.api_key, "content-type": "application/json" };
  const users = await fetch(`${gatewayUrl}/v1/users?limit=500`, { headers: key });
  if (!users.ok) throw new Error(`listing the demo users failed: ${users.status} ${await users.text()}`);
  let user = ((await users.json()) as { data: Array<{ id: number; email: string }> }).data.find(
    (u) => u.email === DEMO_LOGIN_EMAIL,
  );
  if (!user) {
    const created = await fetch(`${gatewayUrl}/v1/users`, {
      method: "POST",
      headers: key,
      body: JSON.stringify({ name: "Demo Admin", email: DEMO_LOGIN_EMAIL, role: "admin" }),
    });
    if (!created.ok)
      throw new Error(`creating the demo user failed: ${created.status} ${await created.text()}`);
    user = ((await created.json()) as { data: { id: number; email: string } }).data;
  }
  const reset = await fetch(`${gatewayUrl}/app/api/admin/password_resets`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ organization_id: demo.organization_id, user_id: user.id }),
  });
  if (!reset.ok) throw new Error(`the demo login's reset link failed: ${reset.status} ${await reset.text()}`);
  const { reset_url } = ((await reset.json()) as { data: { reset_url: string } }).data;
  const token = new URLSearchParams(new URL(reset_url).hash.slice(1)).get("token");
  const password = randomBytes(12).toString("base64url");
  const set = await fetch(`${gatewayUrl}/app/api/password_resets/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, password }),
  });
  if (!set.ok) throw new Error(`setting the demo password failed: ${set.status} ${await set.text()}`);
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ organization_id: demo.organization_id, email: DEMO_LOGIN_EMAIL, password }, null, 2)}\n`,
    { mode: 0o600 },
  );
  return { email: DEMO_LOGIN_EMAIL, password };
}
