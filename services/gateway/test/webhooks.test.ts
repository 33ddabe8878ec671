import type { RunningService } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Echo, type EchoUpstream, startEchoUpstream } from "./echo-upstream.js";
import { type GatewayStack, startStack } from "./harness.js";

let stack: GatewayStack;
let phone: EchoUpstream;
let gateway: RunningService;
let withoutPhone: RunningService;

beforeAll(async () => {
  stack = await startStack();
  phone = await startEchoUpstream("phone");
  gateway = await stack.gateway({ PHONE_URL: phone.url });
  withoutPhone = await stack.gateway();
});
afterAll(async () => {
  await stack?.stop();
  await phone?.stop();
});

const form = "MessageSid=SM123&From=%2B14155552671&To=%2B14155550100&Body=Hi";

describe("provider webhooks", () => {
  it("pass to the adapter untouched, without an API key", async () => {
    const res = await fetch(`${gateway.url}/webhooks/twilio/sms?x=1`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "sig==" },
      body: form,
    });
    expect(res.status).toBe(200);
    const echo = (await res.json()) as Echo;
    expect(echo).toMatchObject({
      upstream: "phone",
      method: "POST",
      url: "/webhooks/twilio/sms?x=1",
      body: form,
    });
    expect(echo.headers["x-twilio-signature"]).toBe("sig==");
    expect(echo.headers["x-organization-id"]).toBeUndefined();
  });

  it("answer 404 for a provider nobody handles and 503 when the adapter is not configured", async () => {
    expect((await fetch(`${gateway.url}/webhooks/acme/sms`, { method: "POST" })).status).toBe(404);
    const res = await fetch(`${withoutPhone.url}/webhooks/twilio/sms`, { method: "POST", body: form });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: "unavailable", status: 503 });
  });
});
