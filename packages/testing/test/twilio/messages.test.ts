import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type RunningTwilioFake,
  startTwilioFake,
  TWILIO_MAGIC_NUMBERS,
  twilioClientFor,
} from "../../src/index.js";
import { testAccount } from "./receiver.js";

const account = testAccount();
const other = testAccount();
const TO = "+14155550100";
const FROM = "+14155550199";
let fake: RunningTwilioFake;

beforeAll(async () => {
  fake = await startTwilioFake({ accounts: { [account.sid]: account.token, [other.sid]: other.token } });
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const client = (token = account.token, sid = account.sid) => twilioClientFor(fake.url, sid, token);

/** A create request without the library, to send what the library would refuse to. */
async function rawCreate(
  params: Record<string, string | string[]>,
  auth = `${account.sid}:${account.token}`,
) {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const one of [value].flat()) form.append(name, one);
  const response = await fetch(`${fake.url}/2010-04-01/Accounts/${account.sid}/Messages.json`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(auth).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: form,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("Twilio fake: creating messages with the twilio library", () => {
  it("answers 201 with Twilio's Message resource and records exactly what was sent", async () => {
    const twilioClient = client();
    const message = await twilioClient.messages.create({
      to: TO,
      from: FROM,
      body: "Hello from the platform",
      mediaUrl: ["https://cdn.example.com/a.png", "https://cdn.example.com/b.pdf"],
      statusCallback: "http://127.0.0.1:9/status?x=1",
    });
    expect(twilioClient.httpClient?.lastResponse?.statusCode).toBe(201);
    expect(message.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(message).toMatchObject({
      accountSid: account.sid,
      to: TO,
      from: FROM,
      body: "Hello from the platform",
      status: "queued",
      direction: "outbound-api",
      numMedia: "2",
      numSegments: "1",
      apiVersion: "2010-04-01",
      errorCode: null,
      uri: `/2010-04-01/Accounts/${account.sid}/Messages/${message.sid}.json`,
    });
    expect(Math.abs(message.dateCreated.getTime() - Date.now())).toBeLessThan(5_000);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({
      sid: message.sid,
      accountSid: account.sid,
      to: TO,
      from: FROM,
      body: "Hello from the platform",
      mediaUrls: ["https://cdn.example.com/a.png", "https://cdn.example.com/b.pdf"],
      statusCallback: "http://127.0.0.1:9/status?x=1",
    });
  });

  it("gives a text message an SM sid and counts its segments", async () => {
    const message = await client().messages.create({ to: TO, from: FROM, body: "x".repeat(161) });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.numSegments).toBe("2");
    expect(message.numMedia).toBe("0");
  });

  it("speaks the exact JSON shape of Twilio's Message resource", async () => {
    const { status, body } = await rawCreate({ To: TO, From: FROM, Body: "shape" });
    expect(status).toBe(201);
    expect(Object.keys(body).sort()).toEqual(
      [
        "account_sid",
        "api_version",
        "body",
        "date_created",
        "date_sent",
        "date_updated",
        "direction",
        "error_code",
        "error_message",
        "from",
        "messaging_service_sid",
        "num_media",
        "num_segments",
        "price",
        "price_unit",
        "sid",
        "status",
        "subresource_uris",
        "to",
        "uri",
      ].sort(),
    );
    expect(body.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(body.num_media).toBe("0");
    expect(body.date_sent).toBeNull();
  });

  it("fetches a message it created, and answers 20404 for one it did not", async () => {
    const sent = await client().messages.create({ to: TO, from: FROM, body: "fetch me" });
    const fetched = await client().messages(sent.sid).fetch();
    expect(fetched).toMatchObject({ sid: sent.sid, body: "fetch me", to: TO });
    const unknown = client()
      .messages(`SM${"0".repeat(32)}`)
      .fetch();
    await expect(unknown).rejects.toBeInstanceOf(twilio.RestException);
    await expect(unknown).rejects.toMatchObject({ code: 20404, status: 404 });
  });
});

describe("Twilio fake: authentication", () => {
  it("answers a wrong auth token with 401 and code 20003", async () => {
    const attempt = client("wrong-token").messages.create({ to: TO, from: FROM, body: "x" });
    await expect(attempt).rejects.toBeInstanceOf(twilio.RestException);
    await expect(attempt).rejects.toMatchObject({ code: 20003, status: 401, message: "Authenticate" });
    expect(fake.messages).toHaveLength(0);
  });

  it("refuses another account's credentials on this account's path", async () => {
    const { status, body, headers } = await rawCreate(
      { To: TO, From: FROM, Body: "x" },
      `${other.sid}:${other.token}`,
    );
    expect(status).toBe(401);
    expect(body).toEqual({
      code: 20003,
      message: "Authenticate",
      more_info: "https://www.twilio.com/docs/errors/20003",
      status: 401,
    });
    expect(headers.get("www-authenticate")).toBe('Basic realm="Twilio API"');
  });

  it("refuses a request without credentials", async () => {
    const response = await fetch(`${fake.url}/2010-04-01/Accounts/${account.sid}/Messages.json`, {
      method: "POST",
    });
    expect(response.status).toBe(401);
  });
});

describe("Twilio fake: magic test numbers", () => {
  const M = TWILIO_MAGIC_NUMBERS;
  it.each([
    ["To", M.invalid, 21211],
    ["To", M.unroutable, 21612],
    ["To", M.noInternationalPermission, 21408],
    ["To", M.unsubscribed, 21610],
    ["To", M.notMobile, 21614],
    ["From", M.invalid, 21212],
    ["From", M.notOwnedFrom, 21606],
    ["From", M.queueFullFrom, 21611],
  ])("%s %s → RestException %i (400)", async (field, number, code) => {
    const params = field === "To" ? { to: number, from: M.validFrom } : { to: TO, from: number };
    const attempt = client().messages.create({ ...params, body: "magic" });
    await expect(attempt).rejects.toBeInstanceOf(twilio.RestException);
    await expect(attempt).rejects.toMatchObject({
      code,
      status: 400,
      moreInfo: `https://www.twilio.com/docs/errors/${code}`,
    });
    expect(fake.messages).toHaveLength(0);
  });

  it("accepts Twilio's valid magic From", async () => {
    const message = await client().messages.create({ to: TO, from: M.validFrom, body: "ok" });
    expect(message.status).toBe("queued");
  });
});

describe("Twilio fake: validation like Twilio's", () => {
  it.each([
    ["no To", {}, 21604],
    ["no From nor MessagingServiceSid", { To: TO }, 21603],
    ["no Body nor MediaUrl", { To: TO, From: FROM }, 21602],
    ["a Messaging Service and no content", { To: TO, MessagingServiceSid: `MG${"a".repeat(32)}` }, 21619],
    ["a Body over 1600 characters", { To: TO, From: FROM, Body: "y".repeat(1601) }, 21617],
    ["a To that is not E.164", { To: "415-555-0100", From: FROM, Body: "x" }, 21211],
    ["a From that is no sender", { To: TO, From: "not a sender!", Body: "x" }, 21212],
    ["a MediaUrl that is not http(s)", { To: TO, From: FROM, MediaUrl: "ftp://example.com/a.png" }, 21620],
    [
      "more than 10 MediaUrl",
      { To: TO, From: FROM, MediaUrl: Array.from({ length: 11 }, (_, i) => `https://e.com/${i}.png`) },
      21623,
    ],
  ])("refuses %s with code %i", async (_what, params, code) => {
    const { status, body } = await rawCreate(params);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      code,
      status: 400,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
    expect(typeof body.message).toBe("string");
  });

  it("accepts exactly 1600 characters and a media-only message", async () => {
    expect((await rawCreate({ To: TO, From: FROM, Body: "z".repeat(1600) })).status).toBe(201);
    expect((await rawCreate({ To: TO, From: FROM, MediaUrl: "https://e.com/only.png" })).status).toBe(201);
  });
});

describe("Twilio fake: failure injection", () => {
  it("answers the next requests with 429 (20429), then recovers", async () => {
    fake.failNext(2, 429);
    for (let i = 0; i < 2; i++) {
      const attempt = client().messages.create({ to: TO, from: FROM, body: "busy" });
      await expect(attempt).rejects.toMatchObject({ code: 20429, status: 429 });
    }
    await expect(client().messages.create({ to: TO, from: FROM, body: "now" })).resolves.toMatchObject({
      status: "queued",
    });
    expect(fake.messages.map((m) => m.body)).toEqual(["now"]);
  });

  it("lets the library's autoRetry get through 429s", async () => {
    fake.failNext(2, 429);
    const retrying = twilioClientFor(fake.url, account.sid, account.token, {
      autoRetry: true,
      maxRetryDelay: 50,
    });
    const message = await retrying.messages.create({ to: TO, from: FROM, body: "retried" });
    expect(message.body).toBe("retried");
    // Both failures were spent by the retries: a client that does not retry now succeeds.
    await expect(client().messages.create({ to: TO, from: FROM, body: "after" })).resolves.toBeDefined();
  });

  it.each([
    [500, 20500],
    [503, 20503],
  ] as const)("answers %i with Twilio's code %i", async (status, code) => {
    fake.failNext(1, status);
    await expect(client().messages.create({ to: TO, from: FROM, body: "x" })).rejects.toMatchObject({
      code,
      status,
    });
  });
});
