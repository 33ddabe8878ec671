import { WebhookReceiver, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MessageCreated, openService, registerEndpoint, type Service, sampleMessage } from "./harness.js";

let service: Service;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // Attempts time out after 2 s (the harness's DELIVERY_TIMEOUT_MS); at most 3 held at once.
  service = await openService({ env: { MAX_IN_FLIGHT: "3" } });
  receiver = await WebhookReceiver.start();
});
afterAll(async () => {
  await receiver?.stop();
  await service?.close();
});

describe("MAX_IN_FLIGHT", () => {
  it("caps the deliveries an instance holds at once, over every endpoint", async () => {
    const organizationId = crypto.randomUUID();
    for (const path of ["/hang-a", "/hang-b"]) {
      receiver.behave(path, { hang: true });
      await registerEndpoint(service, organizationId, `${receiver.url}${path}`);
    }
    for (let i = 0; i < 4; i++) await service.publish(MessageCreated, organizationId, sampleMessage());
    const hung = () => [...receiver.at("/hang-a"), ...receiver.at("/hang-b")];
    // More than 3 requests arrive only as the first ones time out (2 s after they were sent).
    const all = await waitFor(() => hung().length >= 6 && hung(), { timeoutMs: 15_000 });
    const first = Math.min(...all.map((r) => r.at));
    expect(all.filter((r) => r.at < first + 1500)).toHaveLength(3);
  });
});
