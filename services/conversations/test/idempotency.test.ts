import { TEST_INTERNAL_TOKEN } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PhoneCommand, phoneCommands } from "./flows.js";
import { type Stack, settled, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";

let stack: Stack;
let commands: (organizationId: string) => Promise<PhoneCommand[]>;
let org: TestOrganization;
beforeAll(async () => {
  stack = await startStack();
  commands = phoneCommands(stack);
  org = await stack.createOrganization();
  await org.createChannel(LINE);
});
afterAll(async () => {
  await stack?.stop();
});

/** POST /messaging/sms to the current conversations instance, as the gateway forwards it. */
async function send(organizationId: string, key: string | undefined, body: Record<string, unknown>) {
  const res = await fetch(`${stack.conversations.url}/v1/messaging/sms`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-internal-token": TEST_INTERNAL_TOKEN,
      "x-organization-id": organizationId,
      ...(key === undefined ? {} : { "idempotency-key": key }),
    },
    body: JSON.stringify({ from: LINE, ...body }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions
  const answer: any = await res.json();
  return { status: res.status, body: answer, replayed: res.headers.get("idempotent-replayed") };
}

const storedKeys = async (key: string) =>
  (
    await sql<{ n: number }>`select count(*)::int as n from idempotency_results where key = ${key}`.execute(
      stack.db.db,
    )
  ).rows[0]?.n;

describe("Idempotency-Key on POST /messaging/sms", () => {
  it("answers the first result again for the same key and body, and queues one message", async () => {
    const to = "+14155550201";
    const first = await send(org.id, "k-same", { to, body: "once" });
    const again = await send(org.id, "k-same", { to, body: "once" });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body, replayed: "true" });
    expect(first.replayed).toBeNull();
    await settled(stack);
    expect((await commands(org.id)).filter((c) => c.to === to)).toHaveLength(1);
  });

  it("answers the first result after a restart of the service", async () => {
    const to = "+14155550202";
    const first = await send(org.id, "k-restart", { to, body: "before the restart" });
    stack.conversations = await stack.startInstance();
    const again = await send(org.id, "k-restart", { to, body: "before the restart" });
    expect(again).toMatchObject({ status: 201, body: first.body, replayed: "true" });
  });

  it("refuses the same key with another body: 422 naming the header", async () => {
    const to = "+14155550203";
    expect((await send(org.id, "k-mismatch", { to, body: "one" })).status).toBe(201);
    const other = await send(org.id, "k-mismatch", { to, body: "two" });
    expect(other.status).toBe(422);
    expect(other.body.details).toEqual([{ field: "Idempotency-Key", message: expect.any(String) }]);
  });

  it("lets concurrent requests with one key make one message: the others wait and answer its result", async () => {
    const to = "+14155550204";
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => send(org.id, "k-race", { to, body: "racing" })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.data.id)).size).toBe(1);
    expect(answers.filter((a) => a.replayed === "true")).toHaveLength(5);
    await settled(stack);
    expect((await commands(org.id)).filter((c) => c.to === to)).toHaveLength(1);
  });

  it("keeps keys apart per organization", async () => {
    const other = await stack.createOrganization();
    await other.createChannel(LINE);
    const to = "+14155550205";
    const mine = await send(org.id, "k-shared", { to, body: "hi" });
    const theirs = await send(other.id, "k-shared", { to, body: "hi" });
    expect(theirs.status).toBe(201);
    expect(theirs.replayed).toBeNull();
    expect(theirs.body.data.id).not.toBe(mine.body.data.id);
  });

  it("stores nothing for a refused send, so the same key works once the cause is gone", async () => {
    const to = "+14155550206";
    const refused = await send(org.id, "k-refused", { to, body: "hi", from: "+14155559999" });
    expect(refused.status).toBe(422);
    expect(await storedKeys("k-refused")).toBe(0);
    const accepted = await send(org.id, "k-refused", { to, body: "hi" });
    expect(accepted).toMatchObject({ status: 201, replayed: null });
  });

  it("refuses a malformed key and does nothing without one", async () => {
    const to = "+14155550207";
    expect((await send(org.id, "k".repeat(256), { to, body: "x" })).status).toBe(422);
    expect((await send(org.id, "bad key with spaces", { to, body: "x" })).status).toBe(422);
    const a = await send(org.id, undefined, { to, body: "x" });
    const b = await send(org.id, undefined, { to, body: "x" });
    expect(a.body.data.id).not.toBe(b.body.data.id);
  });
});
