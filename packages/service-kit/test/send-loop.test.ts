import { ProviderError, ValidationError } from "@relay/domain";
import { dropSchemas, testDatabaseUrl, uniqueName, waitFor } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  acceptSend,
  applySendStatus,
  createDatabase,
  createLogger,
  type Database,
  kitMigrations,
  type LedgerSend,
  migrate,
  SendLoop,
  type SendLoopOptions,
  type SendOutcome,
  type SendProvider,
  sendLedgerMigration,
  transactor,
} from "../src/index.js";

interface Payload {
  text: string;
}

type Script = "ok" | "429" | "400" | "500-but-sent" | "timeout-but-sent" | "refused" | "crash-after-send";

/**
 * A provider stand-in: it records what it "sent" and can be told how to answer each attempt.
 * Its lookup finds what it sent for a message, as Twilio's message list would.
 */
class StandIn implements SendProvider<Payload, undefined> {
  readonly sent: Array<{ messageId: string; providerId: string }> = [];
  readonly calls: string[] = [];
  readonly scripts = new Map<string, Script[]>();
  lookups = 0;
  lookupWorks = true;
  settled: Array<{ messageId: string; outcome: SendOutcome }> = [];
  crashSettleOnce = new Set<string>();

  constructor(private readonly db: Database<Record<string, never>>) {}

  async prepare(send: LedgerSend<Payload>) {
    if (send.payload.text === "no channel") throw ValidationError.field("channel_id", "is gone");
    return undefined;
  }

  async deliver(send: LedgerSend<Payload>): Promise<string> {
    this.calls.push(send.message_id);
    const script = this.scripts.get(send.message_id)?.shift() ?? "ok";
    const record = () => {
      const providerId = `P-${crypto.randomUUID()}`;
      this.sent.push({ messageId: send.message_id, providerId });
      return providerId;
    };
    switch (script) {
      case "ok":
        return record();
      case "crash-after-send":
        this.crashSettleOnce.add(send.message_id);
        return record();
      case "429":
        throw new ProviderError("too many requests", { providerCode: "20429", retryable: true });
      case "refused":
        throw new ProviderError("connection refused", { retryable: true });
      case "400":
        throw new ProviderError("invalid number", { providerCode: "21211", retryable: false });
      case "500-but-sent":
        record();
        throw new ProviderError("server error", { providerCode: "500", retryable: true, ambiguous: true });
      case "timeout-but-sent":
        record();
        throw new ProviderError("timed out", { retryable: true, ambiguous: true });
    }
  }

  async reconcile(send: LedgerSend<Payload>): Promise<string | undefined> {
    this.lookups += 1;
    if (!this.lookupWorks) throw new Error("provider API down");
    return this.sent.find((s) => s.messageId === send.message_id)?.providerId;
  }

  async settle(send: LedgerSend<Payload>, outcome: SendOutcome): Promise<void> {
    if (this.crashSettleOnce.delete(send.message_id)) throw new Error("process died before recording");
    await transactor(this.db.db)(async (trx) => {
      const update =
        outcome.status === "sent"
          ? { status: "sent" as const, provider_message_id: outcome.provider_message_id }
          : {
              status: "failed" as const,
              error_code: outcome.error_code,
              error_message: outcome.error_message,
            };
      const moved = await applySendStatus(trx, send.message_id, update, (row, change) => ({
        id: crypto.randomUUID(),
        type: "kit.send.status",
        organization_id: row.organization_id,
        occurred_at: new Date().toISOString(),
        data: { message_id: row.message_id, status: change.status },
      }));
      if (moved) this.settled.push({ messageId: send.message_id, outcome });
    });
  }

  deliveriesOf(messageId: string) {
    return this.sent.filter((s) => s.messageId === messageId).length;
  }
}

const schema = uniqueName("kit_sends");
const logger = createLogger("kit-send-test", process.env.TEST_LOG ?? "silent");
let database: Database<Record<string, never>>;
let provider: StandIn;
const loops: SendLoop<Payload, undefined>[] = [];

beforeAll(async () => {
  database = createDatabase({ url: testDatabaseUrl(), schema });
  await migrate(database, { ...kitMigrations, "0001_send_ledger": sendLedgerMigration });
});
afterAll(async () => {
  await database.close();
  await dropSchemas(schema);
});
beforeEach(async () => {
  await Promise.all(loops.splice(0).map((loop) => loop.stop()));
  provider = new StandIn(database);
});

function loop(overrides: Partial<SendLoopOptions<Payload, undefined>> = {}) {
  const created = new SendLoop<Payload, undefined>({
    db: database.db,
    logger,
    provider,
    concurrency: 4,
    maxAttempts: 3,
    leaseMs: 5_000,
    reconcileWindowMs: 0,
    backoffMs: () => 10,
    recheckMs: 50,
    pollIntervalMs: 20,
    ...overrides,
  });
  loops.push(created);
  created.start();
  return created;
}

async function accept(text = "hello", scripts: Script[] = []): Promise<string> {
  const messageId: string = crypto.randomUUID();
  if (scripts.length > 0) provider.scripts.set(messageId, scripts);
  await acceptSend(database.db, {
    message_id: messageId,
    organization_id: crypto.randomUUID(),
    channel_id: crypto.randomUUID(),
    payload: { text },
  });
  return messageId;
}

const row = async (messageId: string) =>
  (await sql<LedgerSend>`select * from sends where message_id = ${messageId}`.execute(database.db))
    .rows[0] as LedgerSend;

const finished = (messageId: string) =>
  waitFor(
    async () => {
      const current = await row(messageId);
      return current.status !== "sending" && current;
    },
    { description: `send ${messageId} to finish` },
  );

describe("the adapter kit's send loop", () => {
  it("sends once and records the provider's id", async () => {
    loop();
    const id = await accept();
    const done = await finished(id);
    expect(done).toMatchObject({
      status: "sent",
      provider_message_id: provider.sent.find((s) => s.messageId === id)?.providerId,
      attempts: 1,
      attempt_started_at: null,
    });
    expect(provider.deliveriesOf(id)).toBe(1);
  });

  it("accepting a command twice writes one send", async () => {
    const id = await accept();
    expect(
      await acceptSend(database.db, {
        message_id: id,
        organization_id: crypto.randomUUID(),
        channel_id: crypto.randomUUID(),
        payload: { text: "again" },
      }),
    ).toBe(false);
    loop();
    await finished(id);
    expect(provider.deliveriesOf(id)).toBe(1);
  });

  it("retries a 429 and a refused connection, then sends", async () => {
    loop();
    const id = await accept("hi", ["429", "refused"]);
    const done = await finished(id);
    expect(done).toMatchObject({ status: "sent", attempts: 3 });
    expect(provider.calls.filter((c) => c === id)).toHaveLength(3);
    expect(provider.deliveriesOf(id)).toBe(1);
  });

  it("gives up after maxAttempts retryable failures, keeping the provider's code", async () => {
    loop();
    const id = await accept("hi", ["429", "429", "429"]);
    const done = await finished(id);
    expect(done).toMatchObject({ status: "failed", error_code: "20429", attempts: 3 });
  });

  it("fails at once on a final 4xx and on a missing channel, without calling the provider for the latter", async () => {
    loop();
    const refused = await accept("hi", ["400"]);
    const gone = await accept("no channel");
    expect(await finished(refused)).toMatchObject({ status: "failed", error_code: "21211", attempts: 1 });
    expect(await finished(gone)).toMatchObject({
      status: "failed",
      error_code: "validation_failed",
      attempts: 0,
    });
    expect(provider.calls).not.toContain(gone);
  });

  it("reconciles a 5xx that the provider acted on: adopts its id instead of sending again", async () => {
    loop();
    const id = await accept("hi", ["500-but-sent"]);
    const done = await finished(id);
    expect(done).toMatchObject({
      status: "sent",
      provider_message_id: provider.sent.find((s) => s.messageId === id)?.providerId,
      attempts: 1,
    });
    expect(provider.deliveriesOf(id)).toBe(1);
    expect(provider.lookups).toBeGreaterThan(0);
  });

  it("reconciles a timeout: adopts what the provider has; a lookup that fails is retried, never guessed", async () => {
    provider.lookupWorks = false;
    loop();
    const id = await accept("hi", ["timeout-but-sent"]);
    await waitFor(() => provider.lookups >= 2, { description: "lookups to be retried" });
    expect((await row(id)).status).toBe("sending");
    provider.lookupWorks = true;
    expect(await finished(id)).toMatchObject({
      status: "sent",
      provider_message_id: provider.sent.find((s) => s.messageId === id)?.providerId,
    });
    expect(provider.deliveriesOf(id)).toBe(1);
  });

  it("sends again only after the reconciliation window, when the provider never got the attempt", async () => {
    const id = await accept();
    // An attempt marked started whose call never left (the process died right after marking it).
    await sql`update sends set attempts = 1, attempt_started_at = clock_timestamp() where message_id = ${id}`.execute(
      database.db,
    );
    const started = Date.now();
    loop({ reconcileWindowMs: 400 });
    await waitFor(() => provider.lookups >= 1, { description: "a first lookup" });
    expect(provider.calls).not.toContain(id);
    const done = await finished(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(done).toMatchObject({ status: "sent", attempts: 2 });
    expect(provider.deliveriesOf(id)).toBe(1);
  });

  it("after a crash between the call and its record, the lease runs out and the send is adopted, not repeated", async () => {
    loop({ leaseMs: 300 });
    const id = await accept("hi", ["crash-after-send"]);
    await waitFor(() => provider.deliveriesOf(id) === 1, { description: "the first call" });
    const done = await finished(id);
    expect(done).toMatchObject({
      status: "sent",
      provider_message_id: provider.sent.find((s) => s.messageId === id)?.providerId,
      attempts: 1,
    });
    expect(provider.deliveriesOf(id)).toBe(1);
  });

  it("two instances on one ledger send each message exactly once", async () => {
    loop({ concurrency: 8 });
    loop({ concurrency: 8 });
    const ids = await Promise.all(Array.from({ length: 120 }, () => accept()));
    for (const id of ids) await finished(id);
    for (const id of ids) expect(provider.deliveriesOf(id)).toBe(1);
    expect(provider.settled.filter((s) => ids.includes(s.messageId))).toHaveLength(120);
  });

  it("a send not yet due (a pacing slot ahead) waits without holding a place", async () => {
    loop({ concurrency: 1 });
    const later = crypto.randomUUID();
    await acceptSend(database.db, {
      message_id: later,
      organization_id: crypto.randomUUID(),
      channel_id: crypto.randomUUID(),
      payload: { text: "later" },
      dueAt: new Date(Date.now() + 60_000),
    });
    const now = await accept("now");
    await finished(now);
    expect((await row(later)).status).toBe("sending");
    expect(provider.calls).not.toContain(later);
  });
});
