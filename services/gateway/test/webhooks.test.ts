import type { RunningService } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Echo, type EchoUpstream, startEchoUpstream } from "./echo-upstream.js";
import { type GatewayStack, startStack } from "./harness.js";

let stack: GatewayStack;
let phone: EchoUpstream;
let email: EchoUpstream;
let whatsapp: EchoUpstream;
let conversations: EchoUpstream;
let gateway: RunningService;
let withoutPhone: RunningService;

beforeAll(async () => {
  stack = await startStack();
  phone = await startEchoUpstream("phone");
  email = await startEchoUpstream("email");
  whatsapp = await startEchoUpstream("whatsapp");
  conversations = await startEchoUpstream("conversations");
  gateway = await stack.gateway({
    PHONE_URL: phone.url,
    EMAIL_URL: email.url,
    WHATSAPP_URL: whatsapp.url,
    CONVERSATIONS_URL: conversations.url,
  });
  withoutPhone = await stack.gateway();
});
afterAll(async () => {
  await stack?.stop();
  await phone?.stop();
  await email?.stop();
  await whatsapp?.stop();
  await conversations?.stop();
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

  it.each([
    ["/webhooks/whatsapp", "whatsapp"],
    ["/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42", "whatsapp"],
    ["/webhooks/email/inbound", "email"],
    ["/unsubscribe/some.signed-token", "conversations"],
  ])("route %s to %s without an API key", async (path, service) => {
    const res = await fetch(`${gateway.url}${path}`, { method: "POST", body: "List-Unsubscribe=One-Click" });
    expect(res.status).toBe(200);
    const echo = (await res.json()) as Echo;
    expect(echo.upstream).toBe(service);
    expect(echo.url).toBe(path);
    expect(echo.body).toBe("List-Unsubscribe=One-Click");
  });

  it("answer 404 for a provider nobody handles and 503 when the adapter is not configured", async () => {
    expect((await fetch(`${gateway.url}/webhooks/acme/sms`, { method: "POST" })).status).toBe(404);
    const res = await fetch(`${withoutPhone.url}/webhooks/twilio/sms`, { method: "POST", body: form });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: "unavailable", status: 503 });
  });
});
