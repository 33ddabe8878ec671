import { waitFor } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BulkAnswer, contactIds, freshKey, phones, sendBulk, smsRow } from "./bulk-flows.js";
import { type PhoneCommand, phoneCommands } from "./flows.js";
import { type Stack, settled, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";

let stack: Stack;
let commands: (organizationId: string) => Promise<PhoneCommand[]>;
beforeAll(async () => {
  stack = await startStack();
  commands = phoneCommands(stack);
});
afterAll(async () => {
  await stack?.stop();
});

type Org = TestOrganization & { channelId: string };

async function organizationWithLine(): Promise<Org> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE) };
}

const optOut = (org: Org, contactId: string) =>
  org.call("POST", `/contacts/${contactId}/communication_preferences/opt_out`, { channel_id: org.channelId });

const statuses = (answer: BulkAnswer) => answer.data.results.map((r) => r.status);
const fields = (answer: BulkAnswer, index: number) =>
  answer.data.results[index]?.error?.details?.map((d) => d.field);

describe("POST /messaging/bulk: consent per recipient", () => {
  it("queues every row but the opted-out one, which is refused, and hands one command per queued row", async () => {
    const org = await organizationWithLine();
    const [a, b, c] = phones(3, 0);
    const [, bId] = await contactIds(
      org,
      await Promise.all(
        [a, b, c].map(async (phone) => (await org.core("POST", "/contacts", { phone })).body.data.phone),
      ),
    );
    await optOut(org, bId ?? "");

    const answer = await sendBulk(org, [smsRow(LINE, a ?? ""), smsRow(LINE, b ?? ""), smsRow(LINE, c ?? "")]);
    expect(answer.status).toBe(200);
    expect(statuses(answer.body)).toEqual(["queued", "refused", "queued"]);
    expect(answer.body.data).toMatchObject({ queued: 2, scheduled: 0, refused: 1 });
    expect(answer.body.data.results[1]).toMatchObject({
      index: 1,
      status: "refused",
      error: { code: "opted_out", details: [{ field: "messages.1.to", message: expect.any(String) }] },
    });
    expect(answer.body.data.results[0]).toMatchObject({
      index: 0,
      key: expect.any(String),
      id: expect.any(String),
      contact_id: expect.any(String),
      conversation_id: expect.any(String),
    });

    await settled(stack);
    const handed = await commands(org.id);
    expect(handed.map((command) => command.to).sort()).toEqual([a, c].sort());
    expect(handed.map((command) => command.message_id).sort()).toEqual(
      [answer.body.data.results[0]?.id, answer.body.data.results[2]?.id].sort(),
    );
  });
});

describe("POST /messaging/bulk: idempotent per row", () => {
  it("answers a retried batch with the same outcomes and sends nothing twice", async () => {
    const org = await organizationWithLine();
    const numbers = phones(5, 10);
    const contact = (await org.core("POST", "/contacts", { phone: numbers[2] })).body.data;
    await optOut(org, contact.id);
    const rows = numbers.map((to) => smsRow(LINE, to));

    const first = await sendBulk(org, rows);
    expect(statuses(first.body)).toEqual(["queued", "queued", "refused", "queued", "queued"]);
    const again = await sendBulk(org, rows);
    expect(again.body).toEqual(first.body);

    await settled(stack);
    expect(await commands(org.id)).toHaveLength(4);
    const stored = await sql<{ key: string }>`
      select key from idempotency_results where organization_id = ${org.id} order by key`.execute(
      stack.db.db,
    );
    // Stored beside the request keys, prefixed; the refused row stored nothing.
    expect(stored.rows.map((r) => r.key)).toEqual(
      rows
        .filter((_, i) => i !== 2)
        .map((r) => `bulk:${r.key}`)
        .sort(),
    );
  });

  it("refuses a changed row under an old key, naming messages.<i>.key, and sends the rest", async () => {
    const org = await organizationWithLine();
    const [a, b] = phones(2, 20);
    const row = smsRow(LINE, a ?? "");
    expect(statuses((await sendBulk(org, [row])).body)).toEqual(["queued"]);

    const answer = await sendBulk(org, [smsRow(LINE, b ?? ""), { ...row, body: "Changed" }]);
    expect(statuses(answer.body)).toEqual(["queued", "refused"]);
    expect(answer.body.data.results[1]?.error).toMatchObject({ code: "validation_failed" });
    expect(fields(answer.body, 1)).toEqual(["messages.1.key"]);
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.body)).toEqual([
      "Shift tomorrow at 9?",
      "Shift tomorrow at 9?",
    ]);
  });

  it("answers a row repeated in one batch with its first outcome; a different row under its key is refused", async () => {
    const org = await organizationWithLine();
    const [a] = phones(1, 30);
    const row = smsRow(LINE, a ?? "");
    const answer = await sendBulk(org, [row, { ...row }, { ...row, body: "Other" }]);
    expect(statuses(answer.body)).toEqual(["queued", "queued", "refused"]);
    expect(answer.body.data.results[1]).toEqual({ ...answer.body.data.results[0], index: 1 });
    expect(fields(answer.body, 2)).toEqual(["messages.2.key"]);
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(1);
  });

  it("lets two concurrent batches with the same keys make each message once", async () => {
    const org = await organizationWithLine();
    const rows = phones(40, 40).map((to) => smsRow(LINE, to));
    const [one, two] = await Promise.all([sendBulk(org, rows), sendBulk(org, [...rows].reverse())]);
    expect(one.status).toBe(200);
    expect(two.status).toBe(200);
    expect(one.body.data.results.map((r) => r.id)).toEqual(
      [...two.body.data.results].reverse().map((r) => r.id),
    );
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(40);
  });
});

describe("POST /messaging/bulk: what it refuses", () => {
  it("answers 422 naming messages for 1,001 rows, no rows, or a body of another shape", async () => {
    const org = await organizationWithLine();
    const many = Array.from({ length: 1001 }, (_, i) =>
      smsRow(LINE, `+1628555${String(i).padStart(4, "0")}`),
    );
    for (const body of [{ messages: many }, { messages: [] }, {}, { messages: "x" }]) {
      const res = await org.call("POST", "/messaging/bulk", body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(422);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain("messages");
    }
    const notAnObject = await org.call("POST", "/messaging/bulk", []);
    expect(notAnObject.status).toBe(422);
    expect(notAnObject.body.details.map((d: { field: string }) => d.field)).toEqual(["body"]);
    const extra = await org.call("POST", "/messaging/bulk", {
      messages: [smsRow(LINE, "+16285550001")],
      x: 1,
    });
    expect(extra.status).toBe(422);
    expect(extra.body.details).toEqual([{ field: "x", message: "is not a known field" }]);
    await settled(stack);
    expect(await commands(org.id)).toEqual([]);
  });

  it("refuses bad rows by themselves, naming their fields, and queues the others", async () => {
    const org = await organizationWithLine();
    const to = phones(8, 60);
    const rows: unknown[] = to.map((number) => smsRow(LINE, number));
    rows[1] = { ...smsRow(LINE, to[1] ?? ""), body: undefined };
    rows[2] = { ...smsRow(LINE, to[2] ?? ""), type: "fax" };
    rows[3] = smsRow(LINE, "12345");
    rows[4] = { ...smsRow(LINE, to[4] ?? ""), body: "a\u0000b" };
    rows[5] = smsRow("+14155559999", to[5] ?? "");
    rows[6] = "not a row";
    const answer = await sendBulk(org, rows);
    expect(answer.status).toBe(200);
    expect(statuses(answer.body)).toEqual([
      "queued",
      "refused",
      "refused",
      "refused",
      "refused",
      "refused",
      "refused",
      "queued",
    ]);
    expect(fields(answer.body, 1)).toEqual(["messages.1.body"]);
    expect(fields(answer.body, 2)).toEqual(["messages.2.type"]);
    expect(fields(answer.body, 3)).toEqual(["messages.3.to"]);
    expect(fields(answer.body, 4)).toEqual(["messages.4.body"]);
    expect(fields(answer.body, 5)).toEqual(["messages.5.from"]);
    expect(fields(answer.body, 6)).toEqual(["messages.6"]);
    for (const i of [1, 2, 3, 4, 5, 6]) {
      expect(answer.body.data.results[i]?.error?.code).toBe("validation_failed");
    }
    expect(answer.body.data.results[6]).not.toHaveProperty("key");
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.to).sort()).toEqual([to[0], to[7]].sort());
    // The refused channel row created no contact.
    expect((await org.core("POST", "/contacts/search", { phone: to[5] })).body.data).toEqual([]);
  });

  it("refuses another organization's channel and contact ids (tenancy), sending nothing for them", async () => {
    const org = await organizationWithLine();
    const other = await stack.createOrganization();
    await other.createChannel("+14155550188");
    const theirs = (await other.core("POST", "/contacts", { phone: "+16285550901" })).body.data;
    const answer = await sendBulk(org, [
      smsRow("+14155550188", "+16285550902"),
      smsRow(LINE, { contact_id: theirs.id }),
      smsRow(LINE, { contact_id: crypto.randomUUID() }),
    ]);
    expect(statuses(answer.body)).toEqual(["refused", "refused", "refused"]);
    expect(fields(answer.body, 0)).toEqual(["messages.0.from"]);
    expect(fields(answer.body, 1)).toEqual(["messages.1.contact_id"]);
    expect(fields(answer.body, 2)).toEqual(["messages.2.contact_id"]);
    await settled(stack);
    expect(await commands(org.id)).toEqual([]);
    expect(await commands(other.id)).toEqual([]);
  });
});

describe("POST /messaging/bulk: recipients and scheduling", () => {
  it("sends to contact ids (in the projection or only in core), refusing one that has no phone", async () => {
    const org = await organizationWithLine();
    const [known, fresh] = phones(2, 80);
    const first = await sendBulk(org, [smsRow(LINE, known ?? "")]);
    const knownId = first.body.data.results[0]?.contact_id ?? "";
    const freshId = (await org.core("POST", "/contacts", { phone: fresh })).body.data.id;
    const mailOnly = (await org.core("POST", "/contacts", { email: "mail-only@example.com" })).body.data.id;

    const answer = await sendBulk(org, [
      smsRow(LINE, { contact_id: knownId }),
      smsRow(LINE, { contact_id: freshId }),
      smsRow(LINE, { contact_id: mailOnly }),
    ]);
    expect(statuses(answer.body)).toEqual(["queued", "queued", "refused"]);
    expect(answer.body.data.results[0]?.contact_id).toBe(knownId);
    expect(answer.body.data.results[1]?.contact_id).toBe(freshId);
    expect(answer.body.data.results[2]?.error?.details).toEqual([
      { field: "messages.2.contact_id", message: "has no phone number" },
    ]);
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.to)).toEqual([known, known, fresh]);
  });

  it("creates new contacts through core in one request and finds them in the projection the next time", async () => {
    const org = await organizationWithLine();
    const numbers = phones(300, 100);
    const first = await sendBulk(
      org,
      numbers.map((to) => smsRow(LINE, to)),
    );
    expect(first.body.data.queued).toBe(300);
    const ids = first.body.data.results.map((r) => r.contact_id);
    expect(new Set(ids).size).toBe(300);
    // Written to the projection with the messages, so the next batch needs no core request for them.
    const projected = await sql<{ n: number }>`
      select count(*)::int as n from contacts where organization_id = ${org.id}`.execute(stack.db.db);
    expect(projected.rows[0]?.n).toBe(300);
    // National format, read in the organization's country by core: the same contact.
    const again = await sendBulk(org, [smsRow(LINE, "(628) 555-1100"), smsRow(LINE, numbers[0] ?? "")]);
    expect(again.body.data.results.map((r) => r.contact_id)).toEqual([ids[0], ids[0]]);
    expect((await org.core("GET", "/contacts?limit=500")).body.total).toBe(300);
  });

  it("stores rows with a future schedule_at as scheduled (no command) and the scheduler releases them", async () => {
    const org = await organizationWithLine();
    const [a, b] = phones(2, 500);
    const at = new Date(Date.now() + 1500).toISOString();
    const answer = await sendBulk(org, [smsRow(LINE, a ?? "", { schedule_at: at }), smsRow(LINE, b ?? "")]);
    expect(statuses(answer.body)).toEqual(["scheduled", "queued"]);
    expect(answer.body.data).toMatchObject({ queued: 1, scheduled: 1, refused: 0 });
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.to)).toEqual([b]);
    await waitFor(async () => (await commands(org.id)).length === 2, { description: "the release" });
    expect((await commands(org.id)).map((c) => c.to)).toEqual([b, a]);
  });

  it("sends a row with opt_in_to through the single send: its opt-in lifts an API opt-out", async () => {
    const org = await organizationWithLine();
    const [a] = phones(1, 600);
    const contact = (await org.core("POST", "/contacts", { phone: a })).body.data;
    await optOut(org, contact.id);
    const answer = await sendBulk(org, [
      smsRow(LINE, a ?? "", { opt_in_to: [{ id: org.channelId }], key: freshKey("optin") }),
      smsRow(LINE, a ?? ""),
    ]);
    expect(statuses(answer.body)).toEqual(["queued", "queued"]);
    const retried = await sendBulk(org, [
      smsRow(LINE, a ?? "", { opt_in_to: [{ id: org.channelId }], key: answer.body.data.results[0]?.key }),
    ]);
    expect(retried.body.data.results[0]?.id).toBe(answer.body.data.results[0]?.id);
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(2);
  });
});
