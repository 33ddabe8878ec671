import { randomBytes } from "node:crypto";
import { GetChannelCredentials, LookupChannelsByPhone, LookupWhatsAppChannels } from "@relay/domain";
import { type Bus, connectBus, createDatabase, type Database, keyId, request } from "@relay/service-kit";
import { dropSchemas, TEST_CREDENTIALS_KEY, testDatabaseUrl, testNatsUrl } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoreHarness, startCore } from "./harness.js";
import { createOrganization, type TestOrganization } from "./org-fixtures.js";

/**
 * Channel credentials at rest: sealed with AES-256-GCM under CREDENTIALS_KEY, never in the
 * table as plain text, opened only for the credentials RPC; a new key re-seals everything at
 * start while the old one is listed, and what adapters get back does not change.
 */
const TWILIO = {
  account_sid: `AC${"ab12".repeat(8)}`,
  auth_token: `twilio-secret-${randomBytes(8).toString("hex")}`,
};
const WHATSAPP = {
  phone_number_id: "5550001112223",
  access_token: `wa-access-${randomBytes(8).toString("hex")}`,
  app_secret: `wa-app-secret-${randomBytes(8).toString("hex")}`,
  verify_token: `wa-verify-${randomBytes(8).toString("hex")}`,
};
const SECRETS = [TWILIO.auth_token, WHATSAPP.access_token, WHATSAPP.app_secret, WHATSAPP.verify_token];
const KEY_A = TEST_CREDENTIALS_KEY;
const KEY_B = randomBytes(32).toString("base64");

let core: CoreHarness;
let bus: Bus;
let org: TestOrganization;
let phoneId: string;
let whatsappId: string;
let database: Database<unknown>;

beforeAll(async () => {
  core = await startCore();
  database = createDatabase({ url: testDatabaseUrl(), schema: core.schema, maxConnections: 1 });
  bus = await connectBus({ url: testNatsUrl(), name: "credentials-test", namespace: core.namespace });
  org = await createOrganization(core);
  const phone = await org.call("POST", "/channels", {
    type: "phone",
    name: "Line",
    phone: "+14155550123",
    provider: "twilio",
    credentials: TWILIO,
  });
  expect(phone.status).toBe(201);
  phoneId = phone.body.data.id;
  const whatsapp = await org.call("POST", "/channels", {
    type: "whatsapp",
    name: "WhatsApp",
    phone: "+14155550123",
    provider: "whatsapp_cloud",
    credentials: WHATSAPP,
  });
  expect(whatsapp.status).toBe(201);
  whatsappId = whatsapp.body.data.id;
});
afterAll(async () => {
  await bus?.close();
  await core?.stop({ keepSchema: true });
  await dropSchemas(core.schema);
  await database?.close();
});

async function storedRows(): Promise<Array<{ id: string; text: string; kid: string | null }>> {
  const { rows } = await sql<{ id: string; text: string; kid: string | null }>`
    select id, credentials::text as text, credentials->>'kid' as kid
    from channels order by created_at`.execute(database.db);
  return rows;
}

async function expectWorking(): Promise<void> {
  const phone = await request(bus, GetChannelCredentials, { organization_id: org.id, channel_id: phoneId });
  expect(phone).toEqual({ provider: "twilio", credentials: TWILIO });
  const whatsapp = await request(bus, GetChannelCredentials, {
    organization_id: org.id,
    channel_id: whatsappId,
  });
  expect(whatsapp).toEqual({ provider: "whatsapp_cloud", credentials: WHATSAPP });
  // Webhook routing still finds the channels by what their webhooks name.
  const byAccount = await request(bus, LookupChannelsByPhone, {
    phone: "+14155550123",
    type: "phone",
    account_sid: TWILIO.account_sid,
  });
  expect(byAccount.data.map((row) => row.channel.id)).toEqual([phoneId]);
  for (const query of [
    { verify_token: WHATSAPP.verify_token },
    { phone_number_id: WHATSAPP.phone_number_id },
  ]) {
    const found = await request(bus, LookupWhatsAppChannels, query);
    expect(found.data.map((row) => row.channel.id)).toEqual([whatsappId]);
  }
  const wrong = await request(bus, LookupWhatsAppChannels, { verify_token: "not-the-token" });
  expect(wrong.data).toEqual([]);
}

async function restart(env: Record<string, string>): Promise<void> {
  await core.stop({ keepSchema: true });
  core = await startCore({ schema: core.schema, namespace: core.namespace, env });
}

describe("channel credentials at rest", () => {
  it("are sealed: the table holds no secret, and adapters still get them", async () => {
    const rows = await storedRows();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      for (const secret of SECRETS) expect(row.text).not.toContain(secret);
      expect(row.kid).toBe(keyId(Buffer.from(KEY_A, "base64")));
    }
    await expectWorking();
  });

  it("are re-sealed under a new key at start while the old one is listed, and keep working after", async () => {
    await restart({ CREDENTIALS_KEY: KEY_B, CREDENTIALS_PREVIOUS_KEYS: KEY_A });
    const rows = await storedRows();
    for (const row of rows) {
      expect(row.kid).toBe(keyId(Buffer.from(KEY_B, "base64")));
      for (const secret of SECRETS) expect(row.text).not.toContain(secret);
    }
    await expectWorking();
    // The old key can go once everything is re-sealed.
    await restart({ CREDENTIALS_KEY: KEY_B });
    await expectWorking();
  });

  it("plain credentials from before encryption are sealed at start", async () => {
    await sql`update channels set credentials = ${JSON.stringify(TWILIO)}::jsonb
      where id = ${phoneId}`.execute(database.db);
    await restart({ CREDENTIALS_KEY: KEY_B });
    const phone = (await storedRows()).find((row) => row.id === phoneId);
    expect(phone?.text).not.toContain(TWILIO.auth_token);
    expect(phone?.kid).toBe(keyId(Buffer.from(KEY_B, "base64")));
    await expectWorking();
  });

  it("refuses to start with a key that opens nothing stored, naming the key id", async () => {
    await core.stop({ keepSchema: true });
    const other = randomBytes(32).toString("base64");
    await expect(
      startCore({ schema: core.schema, namespace: core.namespace, env: { CREDENTIALS_KEY: other } }),
    ).rejects.toThrow(
      /sealed with key [\da-f]{12}, which is neither CREDENTIALS_KEY nor in CREDENTIALS_PREVIOUS_KEYS/,
    );
    core = await startCore({
      schema: core.schema,
      namespace: core.namespace,
      env: { CREDENTIALS_KEY: KEY_B },
    });
  });

  it("a bad key setting stops core at start, naming the variable", async () => {
    await expect(
      startCore({ schema: core.schema, namespace: core.namespace, env: { CREDENTIALS_KEY: "short" } }),
    ).rejects.toThrow(/CREDENTIALS_KEY must be 32 bytes in base64/);
  });
});
