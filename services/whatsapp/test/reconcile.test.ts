import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishSend, statusEvents, statusOf } from "./events.js";
import { cloudChannel, NUMBER, startStack, type WhatsAppStack } from "./harness.js";

const WINDOW_MS = 1_500;

let stack: WhatsAppStack;
let org: string;
let channelId: string;

beforeAll(async () => {
  stack = await startStack({ SEND_RECONCILE_WINDOW_MS: String(WINDOW_MS) });
  org = await stack.createOrganization();
  channelId = (await stack.createChannel(org, cloudChannel())).id;
});
afterAll(async () => {
  await stack?.stop();
});

const textTo = (to: string) => ({
  message_id: crypto.randomUUID(),
  channel_id: channelId,
  to,
  kind: "text" as const,
  body: "Shift at 7?",
});
const sendsTo = (to: string) => stack.graph.messages.filter((m) => m.to === to.replace(/\D/g, ""));

describe("a send whose outcome is unknown (Meta took it, then answered 500)", () => {
  it("is adopted from the status webhook that names it, and never sent twice", async () => {
    const to = "+15551239001";
    stack.graph.failNext(1, "accepted-500");
    const command = await publishSend(stack, org, textTo(to));
    const accepted = await stack.graph.waitForMessage((m) => m.to === to.slice(1));
    expect(accepted.body.biz_opaque_callback_data).toBe(command.data.message_id);

    // Meta's status webhook echoes our message id: it places the wamid we never recorded.
    const status = await stack.graph.sendStatus({
      url: stack.webhookUrl,
      phoneNumberId: NUMBER.phoneNumberId,
      wamid: accepted.wamid,
      status: "sent",
    });
    expect(status.status).toBe(200);
    const sent = await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "the adopted send");
    expect(sent.data).toMatchObject({ provider_message_id: accepted.wamid });

    // Settled as sent: the send loop only ever takes sends still `sending`.
    expect(sendsTo(to)).toHaveLength(1);
    const [row] = await stack.query<{ status: string; provider_message_id: string }>(
      "select status, provider_message_id from sends where message_id = $1",
      [command.data.message_id],
    );
    expect(row).toEqual({ status: "sent", provider_message_id: accepted.wamid });
  });

  it("without any webhook naming it, is sent again once the window has passed", async () => {
    const to = "+15551239002";
    stack.graph.failNext(1, 500);
    const started = Date.now();
    const command = await publishSend(stack, org, textTo(to));
    const sent = await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "the resend");
    expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW_MS - 100);
    expect(sendsTo(to)).toHaveLength(1);
    expect(
      (await statusEvents(stack, command.data.message_id)).map((e) => (e.data as { status: string }).status),
    ).toEqual(["sent"]);
    expect(sent.data).toMatchObject({ provider_message_id: sendsTo(to)[0]?.wamid });
  });
});
