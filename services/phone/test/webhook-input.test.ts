import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, type PhoneStack, startStack, twilioChannel } from "./harness.js";

let stack: PhoneStack;
let channel: { id: string; phone: string };

beforeAll(async () => {
  stack = await startStack();
  channel = await stack.createChannel(await stack.createOrganization(), twilioChannel());
});
afterAll(async () => {
  await stack?.stop();
});

describe("Twilio webhooks: parameters PostgreSQL cannot store", () => {
  it("a NUL in a parameter → 422 naming it, before any lookup; nothing stored", async () => {
    const params = {
      AccountSid: ACCOUNT.sid,
      MessageSid: "SMnul000000000000000000000000000001",
      From: "+15005550006",
      To: `${channel.phone}\u0000`,
      Body: "hello",
      NumMedia: "0",
    };
    const res = await stack.twilio.postSigned(`${stack.phone.url}/webhooks/twilio/sms`, params, {
      authToken: ACCOUNT.token,
    });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({
      code: "validation_failed",
      details: [{ field: "To", message: "must not contain NUL characters" }],
    });
    const stored = await stack.query<{ n: number }>(
      "select count(*)::int as n from webhooks where provider_id = $1",
      [params.MessageSid],
    );
    expect(stored[0]?.n).toBe(0);
  });
});
