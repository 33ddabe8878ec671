import { waitFor } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PhoneCommand, phoneCommands } from "./flows.js";
import { callAs, type Stack, settled, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const PAT = "+14155550111";

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

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Waits until nothing is left scheduled and every outbox row is published. */
async function allReleased(): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from messages where delivery_status = 'scheduled'`.execute(stack.db.db);
      return rows[0]?.n === 0;
    },
    { description: "every scheduled message to be released" },
  );
  await settled(stack);
}

async function statusOf(org: Org, conversationId: string, id: string) {
  const messages = (await org.call("GET", `/conversations/${conversationId}/messages`)).body.data;
  return messages.find((m: { id: string }) => m.id === id);
}

describe("scheduled messages", () => {
  it("are stored `scheduled` and handed to the phone adapter at their time, once", async () => {
    const org = await organizationWithLine();
    const scheduleAt = inMs(1_500);
    const sent = await org.call("POST", "/messaging/sms", {
      from: LINE,
      to: PAT,
      body: "later",
      schedule_at: scheduleAt,
    });
    expect(sent.status).toBe(201);
    expect(sent.body.data.delivery_status).toBe("scheduled");
    expect(await statusOf(org, sent.body.data.conversation_id, sent.body.data.id)).toMatchObject({
      delivery_status: "scheduled",
      schedule_at: new Date(scheduleAt).toISOString(),
    });
    await settled(stack);
    expect(await commands(org.id)).toEqual([]);

    const [command] = await waitFor(async () => {
      const now = await commands(org.id);
      return now.length > 0 && now;
    });
    expect(command).toMatchObject({ message_id: sent.body.data.id, body: "later", to: PAT, from: LINE });
    expect(command?.published_at.getTime()).toBeGreaterThanOrEqual(new Date(scheduleAt).getTime());
    await allReleased();
    expect(await commands(org.id)).toHaveLength(1);
    expect((await statusOf(org, sent.body.data.conversation_id, sent.body.data.id)).delivery_status).toBe(
      "queued",
    );
  });

  it("survive a restart: an instance stopped before they are due loses none, the next sends each once", async () => {
    const second = await stack.startInstance();
    const org = await organizationWithLine();
    const call = callAs(second.url, org.id);
    const ids: string[] = [];
    for (const body of ["a", "b", "c"]) {
      const sent = await call("POST", "/messaging/sms", {
        from: LINE,
        to: PAT,
        body,
        schedule_at: inMs(3_000),
      });
      ids.push(sent.body.data.id);
    }
    // Stop every instance before they are due, so nothing can release them, then start a fresh one.
    await second.stop();
    await stack.conversations.stop();
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from messages where id in (${sql.join(ids)}) and delivery_status = 'scheduled'`.execute(
      stack.db.db,
    );
    expect(rows[0]?.n).toBe(ids.length);
    const third = await stack.startInstance();
    stack.conversations = third;
    await waitFor(async () => (await commands(org.id)).length >= ids.length, { timeoutMs: 15_000 });
    await allReleased();
    expect((await commands(org.id)).map((c) => c.message_id).sort()).toEqual([...ids].sort());
  });

  it("are never released twice by two instances running side by side", async () => {
    const other = await stack.startInstance();
    const org = await organizationWithLine();
    const call = callAs(stack.conversations.url, org.id);
    const due = inMs(1_000);
    const sends = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call("POST", "/messaging/sms", {
          from: LINE,
          to: `+1415555${String(2000 + i)}`,
          body: `m${i}`,
          schedule_at: due,
        }),
      ),
    );
    expect(sends.every((s) => s.status === 201)).toBe(true);
    await waitFor(async () => (await commands(org.id)).length >= sends.length, { timeoutMs: 15_000 });
    await allReleased();
    const handed = (await commands(org.id)).map((c) => c.message_id);
    expect(handed).toHaveLength(sends.length);
    expect(new Set(handed).size).toBe(sends.length);
    await other.stop();
  });

  it("to a contact who opted out meanwhile fail with `opted_out`, and nothing is sent", async () => {
    const org = await organizationWithLine();
    const sent = (
      await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "later", schedule_at: inMs(800) })
    ).body.data;
    const out = await org.call("POST", `/contacts/${sent.contact_id}/communication_preferences/opt_out`, {
      channel_id: org.channelId,
    });
    expect(out.status).toBe(200);
    await allReleased();
    expect(await statusOf(org, sent.conversation_id, sent.id)).toMatchObject({
      delivery_status: "failed",
      error_code: "opted_out",
    });
    expect(await commands(org.id)).toEqual([]);
  });
});
