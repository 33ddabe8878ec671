import { randomBytes } from "node:crypto";
import { MessageCreated } from "@relay/domain";
import { createDatabase, type Database, keyId } from "@relay/service-kit";
import { TEST_CREDENTIALS_KEY, testDatabaseUrl, WebhookReceiver, waitFor } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openService, registerEndpoint, type Service, sampleMessage } from "./harness.js";

/**
 * Signing secrets at rest: sealed with the kit's cipher under CREDENTIALS_KEY (as core seals
 * channel credentials), never in the table as plain text; deliveries are still signed with them,
 * a rotation keeps both valid, secrets stored before sealing are sealed at start, and a new key
 * re-seals everything while the old one is listed.
 */
const KEY_A = TEST_CREDENTIALS_KEY;
const KEY_B = randomBytes(32).toString("base64");
const kidOf = (key: string) => keyId(Buffer.from(key, "base64"));

let service: Service;
let receiver: WebhookReceiver;
let database: Database<unknown>;

beforeAll(async () => {
  service = await openService();
  receiver = await WebhookReceiver.start();
  database = createDatabase({ url: testDatabaseUrl(), schema: service.schema, maxConnections: 1 });
});
afterAll(async () => {
  await database?.close();
  await receiver?.stop();
  await service?.close();
});

type Stored = {
  id: string;
  secret: string;
  previous: string | null;
  kid: string | null;
  previous_kid: string | null;
};

async function stored(endpointId: string): Promise<Stored> {
  const { rows } = await sql<Stored>`
    select id, secret::text as secret, previous_secret::text as previous,
      secret->>'kid' as kid, previous_secret->>'kid' as previous_kid
    from endpoints where id = ${endpointId}`.execute(database.db);
  const [row] = rows;
  if (!row) throw new Error(`no endpoint ${endpointId}`);
  return row;
}

/** Publishes a message and waits for its delivery at `path`. */
async function deliver(organizationId: string, path: string) {
  const message = sampleMessage();
  await service.publish(MessageCreated, organizationId, message);
  return waitFor(() => receiver.at(path).find((r) => r.json.data.id === message.id));
}

describe("endpoint signing secrets at rest", () => {
  it("are sealed: the table holds no secret, and deliveries are signed with it", async () => {
    const organizationId = crypto.randomUUID();
    const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}/sealed`);
    const row = await stored(endpoint.id);
    expect(row.secret).not.toContain(endpoint.secret);
    expect(row.secret).not.toContain(endpoint.secret.slice(6));
    expect(row.kid).toBe(kidOf(KEY_A));
    receiver.trust("/sealed", endpoint.secret);
    const received = await deliver(organizationId, "/sealed");
    expect(received).toMatchObject({ standardValid: true, whippyValid: true });
  });

  it("a rotation stores both secrets sealed, and both sign until the old one expires", async () => {
    const organizationId = crypto.randomUUID();
    const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}/rotated`);
    const rotated = await service.api<{ data: { signing_secret: string } }>(
      organizationId,
      "POST",
      `/developers/endpoints/${endpoint.id}/rotate_secret`,
    );
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.data.signing_secret;
    const row = await stored(endpoint.id);
    for (const plain of [endpoint.secret, fresh]) {
      expect(row.secret).not.toContain(plain.slice(6));
      expect(row.previous).not.toContain(plain.slice(6));
    }
    expect([row.kid, row.previous_kid]).toEqual([kidOf(KEY_A), kidOf(KEY_A)]);
    for (const secret of [endpoint.secret, fresh]) {
      receiver.trust("/rotated", secret);
      expect((await deliver(organizationId, "/rotated"))?.standardValid).toBe(true);
    }
  });

  it("a secret stored before sealing still signs, and is sealed at the next start", async () => {
    const organizationId = crypto.randomUUID();
    const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}/legacy`);
    const legacy = `whsec_${randomBytes(32).toString("base64")}`;
    await sql`update endpoints set secret = to_jsonb(${legacy}::text) where id = ${endpoint.id}`.execute(
      database.db,
    );
    receiver.trust("/legacy", legacy);
    expect((await deliver(organizationId, "/legacy"))?.standardValid).toBe(true);

    await service.restart();
    const row = await stored(endpoint.id);
    expect(row.secret).not.toContain(legacy.slice(6));
    expect(row.kid).toBe(kidOf(KEY_A));
    const after = await deliver(organizationId, "/legacy");
    expect(after).toMatchObject({ standardValid: true, whippyValid: true });
  });

  it("are re-sealed under a new key at start while the old one is listed, and keep signing", async () => {
    const organizationId = crypto.randomUUID();
    const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}/rekeyed`);
    await service.api(organizationId, "POST", `/developers/endpoints/${endpoint.id}/rotate_secret`);
    await service.restart({ CREDENTIALS_KEY: KEY_B, CREDENTIALS_PREVIOUS_KEYS: KEY_A });
    const { rows } = await sql<{ kid: string | null; previous_kid: string | null }>`
      select secret->>'kid' as kid, previous_secret->>'kid' as previous_kid from endpoints`.execute(
      database.db,
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row.kid).toBe(kidOf(KEY_B));
      if (row.previous_kid !== null) expect(row.previous_kid).toBe(kidOf(KEY_B));
    }
    // The old key can go once everything is re-sealed; the previous secret still signs beside the new.
    await service.restart({ CREDENTIALS_KEY: KEY_B });
    receiver.trust("/rekeyed", endpoint.secret);
    const received = await deliver(organizationId, "/rekeyed");
    expect(received?.standardValid).toBe(true);
    expect(received?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
  });

  it("refuses to start with a key that opens nothing stored, naming the key id", async () => {
    await expect(service.restart({ CREDENTIALS_KEY: randomBytes(32).toString("base64") })).rejects.toThrow(
      /sealed with key [\da-f]{12}, which is neither CREDENTIALS_KEY nor in CREDENTIALS_PREVIOUS_KEYS/,
    );
    await service.restart({ CREDENTIALS_KEY: KEY_B });
  });
});
