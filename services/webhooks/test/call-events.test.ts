import { MessageCreated, MessageUpdated } from "@relay/domain";
import { WebhookReceiver, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openService, registerEndpoint, type Service, sampleMessage } from "./harness.js";

let service: Service;
let receiver: WebhookReceiver;

beforeAll(async () => {
  service = await openService();
  receiver = await WebhookReceiver.start();
});
afterAll(async () => {
  await receiver?.stop();
  await service?.close();
});

describe("call events", () => {
  it("delivers a call's messages as call.created / call.updated too, and an SMS as message.* only", async () => {
    const organizationId = crypto.randomUUID();
    for (const [path, types] of [
      ["/calls", ["call.created", "call.updated"]],
      ["/messages", ["message.created"]],
    ] as const) {
      const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}${path}`, [...types]);
      receiver.trust(path, endpoint.secret);
    }
    const call = sampleMessage({ type: "call", body: undefined, call: { status: "ringing" } });
    await service.publish(MessageCreated, organizationId, call);
    await service.publish(MessageUpdated, organizationId, {
      ...call,
      call: { status: "completed", duration_seconds: 42 },
    });
    await service.publish(MessageCreated, organizationId, sampleMessage({ body: "an sms" }));

    await waitFor(() => receiver.at("/calls").length >= 2 && receiver.at("/messages").length >= 2);
    const calls = receiver.at("/calls").map((r) => r.json);
    expect(calls.map((r) => r.event).sort()).toEqual(["call.created", "call.updated"]);
    expect(calls.every((r) => r.data.id === call.id)).toBe(true);
    expect(calls.find((r) => r.event === "call.updated")?.data.call).toEqual({
      status: "completed",
      duration_seconds: 42,
    });
    expect(receiver.at("/calls").every((r) => r.standardValid && r.whippyValid)).toBe(true);
    // The call is a message too; the SMS never reaches the call endpoint.
    expect(
      receiver
        .at("/messages")
        .map((r) => r.json.data.type)
        .sort(),
    ).toEqual(["call", "sms"]);
  });
});
