import { TWILIO_ACCOUNT as ACCOUNT, createOrganization } from "@relay/local-stack";
import { type RunningTwilioFake, startTwilioFake, testDatabaseUrl, waitFor } from "@relay/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICES } from "../../../topology/index.js";
import { addLine } from "./campaign-helpers.js";
import { ScaledStack } from "./scaled-stack.js";

/**
 * Scale-out: two instances of every service on one schema per service and one NATS, each service
 * behind a load balancer. A stream of sends (with Idempotency-Keys) and of signed inbound
 * webhooks runs through the gateways' balancer; part way through, one instance of every service
 * is killed with SIGKILL and never restarted. Clients retry whatever lost its answer, as Twilio
 * and an API client would. Every send must reach the provider exactly once, every inbound
 * message be stored once, and the survivors must finish what the dead held.
 */
const SENDS = Number(process.env.SCALE_SENDS ?? 2_000);
const INBOUND = Number(process.env.SCALE_INBOUND ?? 1_000);
const CONCURRENCY = Number(process.env.SCALE_CONCURRENCY ?? 24);
/** The share of all requests answered when one instance of each service is killed. */
const KILL_AT = 0.4;
const INSTANCES = 2;

const LINES = ["+14155550161", "+14155550162", "+14155550163", "+14155550164"];
const contact = (i: number) => `+1415556${String(1000 + (i % 60)).padStart(4, "0")}`;

let twilio: RunningTwilioFake;
let stack: ScaledStack;
let apiKey: string;
const stats = { requests: 0, lostAnswers: 0, replayed: 0, inFlightAtKill: 0, answeredAtKill: 0 };

/** Retries until `attempt` says it was answered; a refused or cut connection or a 5xx is a lost answer. */
async function untilAnswered(what: string, attempt: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    stats.requests += 1;
    if (await attempt().catch(() => false)) return;
    stats.lostAnswers += 1;
    if (Date.now() > deadline) throw new Error(`${what} was never answered`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sendIds = new Map<number, Set<string>>();
async function send(i: number): Promise<void> {
  await untilAnswered(`send ${i}`, async () => {
    const res = await fetch(`${stack.gatewayUrl}/v1/messaging/sms`, {
      method: "POST",
      headers: { "x-whippy-key": apiKey, "content-type": "application/json", "idempotency-key": `send-${i}` },
      body: JSON.stringify({ from: LINES[i % LINES.length], to: contact(i), body: `scale send #${i}` }),
    });
    if (res.status >= 500) {
      await res.text();
      return false;
    }
    if (res.status !== 201) throw new Error(`send ${i}: ${res.status} ${await res.text()}`);
    if (res.headers.get("idempotent-replayed") === "true") stats.replayed += 1;
    const { data } = (await res.json()) as { data: { id: string } };
    sendIds.set(i, (sendIds.get(i) ?? new Set()).add(data.id));
    return true;
  });
}

async function receive(i: number): Promise<void> {
  const messageSid = `SM${i.toString(16).padStart(32, "0")}`;
  await untilAnswered(`inbound ${i}`, async () => {
    const res = await twilio.sendInboundSms({
      url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
      accountSid: ACCOUNT.sid,
      from: contact(i + 30),
      to: LINES[i % LINES.length] as string,
      body: `scale inbound #${i}`,
      messageSid,
    });
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status >= 500) return false;
    throw new Error(`inbound ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  });
}

/** Runs every send and inbound from CONCURRENCY clients; `disrupt` runs once KILL_AT of them were answered. */
async function run(disrupt: () => Promise<void>): Promise<void> {
  const jobs: Array<() => Promise<void>> = [];
  for (let i = 0, j = 0; i < SENDS || j < INBOUND; ) {
    // Interleaved: two sends for each inbound (with the default counts).
    if (i < SENDS) {
      const n = i++;
      jobs.push(() => send(n));
    }
    if (j < INBOUND && (i * INBOUND) / SENDS >= j) {
      const n = j++;
      jobs.push(() => receive(n));
    }
  }
  const killAfter = Math.floor(jobs.length * KILL_AT);
  let answered = 0;
  let disrupting: Promise<void> | undefined;
  const worker = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      await job();
      answered += 1;
      if (answered === killAfter) disrupting = disrupt();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await disrupting;
}

async function query<T>(sql: string): Promise<T[]> {
  const db = new pg.Client({ connectionString: testDatabaseUrl() });
  await db.connect();
  try {
    return (await db.query(sql)).rows as T[];
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  twilio = await startTwilioFake({ accounts: { [ACCOUNT.sid]: ACCOUNT.token }, statusDelayMs: 5 });
  stack = await ScaledStack.start({
    instances: INSTANCES,
    env: {
      conversations: { SCHEDULER_INTERVAL_MS: "100" },
      phone: {
        TWILIO_API_URL: twilio.url,
        // A short Twilio timeout keeps the lease a killed instance leaves behind (timeout + 5 s) short.
        TWILIO_TIMEOUT_MS: "2000",
        SEND_RECONCILE_WINDOW_MS: "3000",
      },
      gateway: { RATE_LIMIT_PER_SECOND: "100000", RATE_LIMIT_BURST: "100000" },
      webhooks: { WEBHOOKS_ALLOW_LOCALHOST: "true" },
    },
  });
  const org = await createOrganization(stack.gatewayUrl, "Scale-out Staffing");
  apiKey = org.apiKey;
  for (const phone of LINES) await addLine(org, phone, 100);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await twilio?.stop();
});

describe(`scale-out: ${INSTANCES} instances of every service`, () => {
  it(`sends ${SENDS} and receives ${INBOUND} exactly once while one instance of each is killed`, async () => {
    const started = Date.now();
    await run(async () => {
      stats.answeredAtKill = Math.floor((SENDS + INBOUND) * KILL_AT);
      // Created at Twilio within the last second: sends phone may have had in flight.
      stats.inFlightAtKill = twilio.messages.filter(
        (m) => Date.now() - m.dateCreated.getTime() < 1_000,
      ).length;
      await Promise.all(SERVICES.map((service) => stack.kill(service.name, 1)));
    });
    const answeredMs = Date.now() - started;

    // Every answer for one key is the same message.
    const conflicting = [...sendIds].filter(([, ids]) => ids.size !== 1).map(([i]) => i);
    expect(conflicting).toEqual([]);
    expect(sendIds.size).toBe(SENDS);

    const deliveries = new Map<string, number>();
    const count = () => {
      deliveries.clear();
      for (const m of twilio.messages) deliveries.set(m.body, (deliveries.get(m.body) ?? 0) + 1);
      return deliveries;
    };
    const bodies = Array.from({ length: SENDS }, (_, i) => `scale send #${i}`);
    await waitFor(() => bodies.every((body) => count().has(body)), {
      timeoutMs: 120_000,
      intervalMs: 250,
      description: `every send at Twilio (${count().size} of ${SENDS})`,
    });
    const conversations = stack.schemas.conversations;
    await waitFor(
      async () => {
        const [row] = await query<{ unsent: number; inbound: number }>(
          `select count(*) filter (where direction = 'OUTBOUND' and delivery_status in ('queued', 'sending'))::int as unsent,
                  count(*) filter (where direction = 'INBOUND')::int as inbound
           from "${conversations}".messages`,
        );
        return row?.unsent === 0 && row.inbound >= INBOUND;
      },
      { timeoutMs: 120_000, intervalMs: 250, description: "every send settled and every inbound stored" },
    );
    const settledMs = Date.now() - started;

    const inbound = await query<{ body: string; n: number }>(
      `select body, count(*)::int as n from "${conversations}".messages where direction = 'INBOUND' group by body`,
    );
    const storedTwice = inbound.filter((row) => row.n > 1).map((row) => row.body);
    const expected = Array.from({ length: INBOUND }, (_, i) => `scale inbound #${i}`);
    const stored = new Set(inbound.map((row) => row.body));
    const notStored = expected.filter((body) => !stored.has(body));
    const duplicated = bodies.filter((body) => (count().get(body) ?? 0) > 1);

    // Both instances of the gateway, conversations and phone took traffic before the kill.
    const split = Object.fromEntries(
      (["gateway", "core", "conversations", "phone"] as const).map((name) => [
        name,
        [...stack.balancers[name].connections.values()],
      ]),
    );
    console.log(
      `scale-out: ${SENDS} sends and ${INBOUND} inbound through ${INSTANCES} instances of each service; ` +
        `one of each killed after ${stats.answeredAtKill} answers (${stats.inFlightAtKill} sends created at Twilio in the second before); ` +
        `${stats.requests} requests, ${stats.lostAnswers} answers lost and retried, ${stats.replayed} replayed from a stored key; ` +
        `all answered in ${(answeredMs / 1000).toFixed(1)} s, all settled in ${(settledMs / 1000).toFixed(1)} s; ` +
        `connections per instance ${JSON.stringify(split)}`,
    );
    for (const [name, connections] of Object.entries(split))
      expect(
        connections.every((n) => n > 0),
        `${name}'s instances each took connections`,
      ).toBe(true);
    expect(stack.instances()).toHaveLength(SERVICES.length * (INSTANCES - 1));
    expect(duplicated).toEqual([]);
    expect(storedTwice).toEqual([]);
    expect(notStored).toEqual([]);
  }, 600_000);
});
