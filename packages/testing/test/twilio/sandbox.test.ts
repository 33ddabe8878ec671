import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSandboxConfig, SANDBOX_ACCOUNT_SID } from "../../src/fakes/twilio/sandbox-config.js";
import { twilioClientFor, waitFor } from "../../src/index.js";
import { param, type Receiver, startReceiver, testAccount } from "./receiver.js";

const MAIN = fileURLToPath(new URL("../../src/fakes/twilio/sandbox-main.ts", import.meta.url));
const account = testAccount();
let receiver: Receiver;
let child: ChildProcess;
let output = "";
let sandboxUrl: string;

beforeAll(async () => {
  receiver = await startReceiver();
  child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: {
      ...process.env,
      TWILIO_SANDBOX_PORT: "0",
      TWILIO_SANDBOX_ACCOUNT_SID: account.sid,
      TWILIO_SANDBOX_AUTH_TOKEN: account.token,
      TWILIO_SANDBOX_WEBHOOK_BASE_URL: receiver.url,
      TWILIO_SANDBOX_STATUS_DELAY_MS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  sandboxUrl = await waitFor(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], {
    timeoutMs: 20_000,
    description: "the sandbox to listen",
  });
});
afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await receiver.close();
});

async function post(path: string, body: unknown) {
  const response = await fetch(`${sandboxUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Twilio sandbox process", () => {
  it("answers readiness", async () => {
    expect((await fetch(`${sandboxUrl}/readyz`)).status).toBe(200);
  });

  it("POST /sandbox/sms posts a signed inbound SMS to the platform", async () => {
    const { status, body } = await post("/sandbox/sms", {
      from: "+14155550123",
      to: "+14155550999",
      body: "hello platform",
      media_urls: ["https://media.example.com/cat.png"],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 200 });
    const request = receiver.requests.at(-1);
    expect(request?.path).toBe("/webhooks/twilio/sms");
    expect(body.message_sid).toBe(param(request, "MessageSid"));
    expect(request?.params).toMatchObject({
      AccountSid: account.sid,
      Body: "hello platform",
      MediaUrl0: "https://media.example.com/cat.png",
      MediaContentType0: "image/png",
    });
    const signature = String(request?.headers["x-twilio-signature"]);
    expect(twilio.validateRequest(account.token, signature, request?.url ?? "", request?.params ?? {})).toBe(
      true,
    );
  });

  it("refuses a bad control request with 422 naming the field", async () => {
    const { status, body } = await post("/sandbox/sms", { from: "555", to: "+14155550999", body: "x" });
    expect(status).toBe(422);
    expect(String(body.error)).toMatch(/^from:/);
  });

  it("POST /sandbox/calls posts the voice webhook and returns the TwiML", async () => {
    receiver.reply = {
      status: 200,
      contentType: "text/xml",
      body: "<Response><Say>Hello caller</Say></Response>",
    };
    const { status, body } = await post("/sandbox/calls", { from: "+14155550123", to: "+14155550999" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 200, twiml: "<Response><Say>Hello caller</Say></Response>" });
    expect(receiver.requests.at(-1)?.path).toBe("/webhooks/twilio/voice");
    expect(String(body.call_sid)).toMatch(/^CA[0-9a-f]{32}$/);
  });

  it("serves Twilio's API and lists what the platform sent, newest first", async () => {
    const client = twilioClientFor(sandboxUrl, account.sid, account.token);
    await client.messages.create({ to: "+14155550123", from: "+14155550999", body: "first" });
    await client.messages.create({ to: "+14155550123", from: "+14155550999", body: "second" });
    const response = await fetch(`${sandboxUrl}/sandbox/messages`);
    const { messages } = (await response.json()) as { messages: Array<{ body: string; direction: string }> };
    expect(messages.map((m) => m.body)).toEqual(["second", "first"]);
    expect(messages[0]?.direction).toBe("outbound-api");
    expect(output).toMatch(/sms out .*"second"/);
    expect(output).toMatch(/sms in .*"hello platform"/);
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("sandbox config", () => {
  it("has local defaults", () => {
    expect(loadSandboxConfig({})).toMatchObject({
      TWILIO_SANDBOX_PORT: 8090,
      TWILIO_SANDBOX_ACCOUNT_SID: SANDBOX_ACCOUNT_SID,
      TWILIO_SANDBOX_WEBHOOK_BASE_URL: "http://127.0.0.1:8080",
    });
  });

  it("names a bad variable", () => {
    expect(() => loadSandboxConfig({ TWILIO_SANDBOX_ACCOUNT_SID: "SK123" })).toThrow(
      /^TWILIO_SANDBOX_ACCOUNT_SID:/,
    );
    expect(() => loadSandboxConfig({ TWILIO_SANDBOX_PORT: "99999" })).toThrow(/^TWILIO_SANDBOX_PORT:/);
  });
});
