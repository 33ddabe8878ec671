import {
  type RunningTwilioFake,
  startTwilioFake,
  TEST_ADMIN_TOKEN,
  testDatabaseUrl,
  waitFor,
} from "@relay/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessStack } from "./process-stack.js";

/**
 * Exactly once under kill -9: a stream of sends with Idempotency-Keys through the gateway, with
 * the whole stack killed at a random point, then conversations, then phone (while Twilio holds
 * its answers, so sends are in flight). Every request whose answer was lost is retried with the
 * same key until it is answered. Every accepted send must reach the provider exactly once.
 */
const ACCOUNT = { sid: `AC${"c4a5".repeat(8)}`, token: "crash-test-twilio-token" };
const LINE = "+14155550142";
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
let state = seed;
/** A seeded generator, so a failing run can be repeated with CRASH_SEED. */
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

let twilio: RunningTwilioFake;
let stack: ProcessStack;
let apiKey: string;

interface Request {
  key: string;
  body: string;
  to: string;
}
interface Answer {
  id: string;
  conversation_id: string;
}

const answers = new Map<string, Answer[]>();
const stats = { requests: 0, lostAnswers: 0, replayed: 0, inFlightAtPhoneKill: 0 };

/** Sends until answered: a refused connection, a reset or a 5xx means the answer was lost. */
async function sendUntilAnswered(request: Request): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    stats.requests += 1;
    const res = await fetch(`${stack.gatewayUrl}/v1/messaging/sms`, {
      method: "POST",
      headers: { "x-whippy-key": apiKey, "content-type": "application/json", "idempotency-key": request.key },
      body: JSON.stringify({ from: LINE, to: request.to, body: request.body }),
    }).catch(() => undefined);
    if (res?.status === 201) {
      if (res.headers.get("idempotent-replayed") === "true") stats.replayed += 1;
      const { data } = (await res.json()) as { data: Answer };
      answers.set(request.key, [...(answers.get(request.key) ?? []), data]);
      return;
    }
    if (res && res.status < 500) throw new Error(`${request.key}: ${res.status} ${await res.text()}`);
    await res?.text().catch(() => undefined);
    stats.lostAnswers += 1;
    if (Date.now() > deadline) throw new Error(`${request.key} was never answered`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Runs `requests` from `workers` concurrent clients; `disrupt` runs once `afterAccepted` were answered. */
async function stream(requests: Request[], afterAccepted: number, disrupt: () => Promise<void>) {
  const queue = [...requests];
  let accepted = 0;
  let disrupting: Promise<void> | undefined;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await sendUntilAnswered(next);
      accepted += 1;
      if (accepted === afterAccepted) disrupting = disrupt();
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  await disrupting;
}

const batch = (phase: string, count: number): Request[] =>
  Array.from({ length: count }, (_, i) => ({
    key: `${phase}-${i}`,
    body: `crash ${phase} #${i}`,
    to: `+1415555${String(1000 + (i % 12)).padStart(4, "0")}`,
  }));

beforeAll(async () => {
  twilio = await startTwilioFake({ accounts: { [ACCOUNT.sid]: ACCOUNT.token }, statusDelayMs: 5 });
  stack = await ProcessStack.create({
    phone: {
      TWILIO_API_URL: twilio.url,
      // A short Twilio timeout keeps the lease (timeout + 5 s) a crash leaves behind short.
      TWILIO_TIMEOUT_MS: "2000",
      SEND_RECONCILE_WINDOW_MS: "3000",
    },
    gateway: { RATE_LIMIT_PER_SECOND: "10000", RATE_LIMIT_BURST: "10000" },
  });
  await stack.start();
  const org = await fetch(`${stack.gatewayUrl}/admin/organizations`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Crash Test Staffing" }),
  });
  apiKey = ((await org.json()) as { data: { api_key: { key: string } } }).data.api_key.key;
  const channel = await fetch(`${stack.gatewayUrl}/v1/channels`, {
    method: "POST",
    headers: { "x-whippy-key": apiKey, "content-type": "application/json" },
    body: JSON.stringify({
      type: "phone",
      name: "Crash line",
      phone: LINE,
      provider: "twilio",
      credentials: { account_sid: ACCOUNT.sid, auth_token: ACCOUNT.token },
      send_rate: 100,
    }),
  });
  expect(channel.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await twilio?.stop();
});

describe("exactly once under kill -9", () => {
  it(`delivers every accepted send exactly once (seed ${seed})`, async () => {
    // 1. The whole stack dies at a random point of the stream and comes back.
    await stream(batch("all", 80), between(10, 60), async () => {
      await stack.killAll();
      await stack.start();
    });
    // 2. Conversations dies mid-stream (sends accepted, commands maybe not yet relayed).
    await stream(batch("conversations", 50), between(5, 35), async () => {
      await stack.kill("conversations");
      await stack.startOne("conversations");
    });
    // 3. Phone dies while Twilio holds its answers: messages created at Twilio, never recorded.
    twilio.delayResponses(700);
    await stream(batch("phone", 50), between(5, 20), async () => {
      await waitFor(() => twilio.messages.some((m) => m.body.startsWith("crash phone")), {
        description: "sends in flight at Twilio",
      });
      await stack.kill("phone");
      // Created at Twilio within the last answer delay: their answers died with the process.
      stats.inFlightAtPhoneKill = twilio.messages.filter(
        (m) => m.body.startsWith("crash phone") && Date.now() - m.dateCreated.getTime() < 700,
      ).length;
      twilio.delayResponses(0);
      await stack.startOne("phone");
    });

    const requests = [...batch("all", 80), ...batch("conversations", 50), ...batch("phone", 50)];
    // Every answer for one key is the same message.
    for (const request of requests) {
      const ids = new Set(answers.get(request.key)?.map((answer) => answer.id));
      expect(ids.size, request.key).toBe(1);
    }
    const deliveries = (body: string) => twilio.messages.filter((m) => m.body === body).length;
    await waitFor(() => requests.every((request) => deliveries(request.body) >= 1), {
      timeoutMs: 60_000,
      description: "every accepted send to reach Twilio",
    });
    const schema = stack.schemaOf("conversations");
    const db = new pg.Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      const unsent = await waitFor(
        async () => {
          const { rows } = await db.query<{ n: number }>(
            `select count(*)::int as n from "${schema}".messages
             where direction = 'OUTBOUND' and delivery_status in ('queued', 'sending')`,
          );
          return rows[0]?.n === 0 && rows[0];
        },
        { timeoutMs: 60_000, description: "no message left queued" },
      );
      expect(unsent.n).toBe(0);
    } finally {
      await db.end();
    }

    const duplicated = requests.filter((request) => deliveries(request.body) > 1);
    const lost = requests.filter((request) => deliveries(request.body) === 0);
    console.log(
      `crash test (seed ${seed}): ${requests.length} accepted, ${requests.length - lost.length} reached the provider, ` +
        `${duplicated.length} duplicated, ${lost.length} lost; ${stats.requests} HTTP requests, ` +
        `${stats.lostAnswers} answers lost and retried, ${stats.replayed} answered from a stored key, ` +
        `${stats.inFlightAtPhoneKill} created at Twilio while phone died (answers lost)`,
    );
    // The phone kill caught sends whose Twilio answers were lost: reconciliation was exercised.
    expect(stats.inFlightAtPhoneKill).toBeGreaterThan(0);
    expect(duplicated.map((request) => request.key)).toEqual([]);
    expect(lost.map((request) => request.key)).toEqual([]);
  }, 300_000);
});
