import { MessageCreated } from "@relay/domain";
import { WebhookReceiver, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RETRY_DELAYS_MS } from "../src/services/schedule.js";
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

type Delivery = {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  response_code: number;
};

async function onlyDelivery(organizationId: string, endpointId: string): Promise<Delivery> {
  const res = await service.api<{ data: Delivery[] }>(
    organizationId,
    "GET",
    `/developers/endpoints/${endpointId}/deliveries`,
  );
  const [delivery] = res.body.data;
  if (!delivery) throw new Error("no delivery yet");
  return delivery;
}

describe("retries", () => {
  it("follow the schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h) with jitter, on the injected clock", async () => {
    const organizationId = crypto.randomUUID();
    receiver.behave("/flaky", { status: [500, 500, 500, 500, 500, 500, 500, 500, 200] });
    const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}/flaky`);
    receiver.trust("/flaky", endpoint.secret);
    await service.publish(MessageCreated, organizationId, sampleMessage());
    const expected = [...RETRY_DELAYS_MS, 36_000_000, 36_000_000];
    for (let attempt = 1; attempt <= 8; attempt++) {
      const failed = await waitFor(async () => {
        const d = await onlyDelivery(organizationId, endpoint.id);
        return d.attempts === attempt && d.next_attempt_at !== null && d;
      });
      expect(failed).toMatchObject({ status: "pending", response_code: 500 });
      const delay = Date.parse(failed.next_attempt_at ?? "") - service.now();
      const base = expected[attempt - 1] ?? 0;
      expect(delay).toBeGreaterThanOrEqual(base * 0.9 - 50);
      expect(delay).toBeLessThanOrEqual(base * 1.1 + 50);
      // Not due yet: nothing is sent before its time.
      service.advance(Math.floor(base * 0.85));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(receiver.at("/flaky")).toHaveLength(attempt);
      service.advance(Math.ceil(base * 0.3));
      await waitFor(() => receiver.at("/flaky").length === attempt + 1);
    }
    const done = await waitFor(async () => {
      const d = await onlyDelivery(organizationId, endpoint.id);
      return d.status === "succeeded" && d;
    });
    expect(done.attempts).toBe(9);
    expect(receiver.at("/flaky").every((r) => r.standardValid && r.whippyValid)).toBe(true);
    // Every attempt is the same message: one webhook-id.
    expect(new Set(receiver.at("/flaky").map((r) => r.headers["webhook-id"])).size).toBe(1);
  });

  it("disable an endpoint that has failed for 5 days, with its reason", async () => {
    const organizationId = crypto.randomUUID();
    receiver.behave("/down", { status: [503] });
    const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}/down`);
    receiver.trust("/down", endpoint.secret);
    await service.publish(MessageCreated, organizationId, sampleMessage());
    for (let attempt = 1; ; attempt++) {
      await waitFor(async () => (await onlyDelivery(organizationId, endpoint.id)).attempts >= attempt);
      const res = await service.api<{ data: { active: boolean; disabled_reason: string | null } }>(
        organizationId,
        "GET",
        `/developers/endpoints/${endpoint.id}`,
      );
      if (!res.body.data.active) {
        expect(res.body.data.disabled_reason).toMatch(/5 days/);
        break;
      }
      expect(attempt).toBeLessThan(30);
      service.advance(11 * 3_600_000);
    }
    expect((await onlyDelivery(organizationId, endpoint.id)).status).toBe("failed");
  });
});

describe("secret rotation", () => {
  it("signs with old and new secrets for 24 hours, then with the new one only", async () => {
    const organizationId = crypto.randomUUID();
    const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}/rotating`);
    const send = async (count: number) => {
      await service.publish(MessageCreated, organizationId, sampleMessage());
      return waitFor(() => receiver.at("/rotating").length === count && receiver.at("/rotating")[count - 1]);
    };
    const rotated = await service.api<{
      data: { signing_secret: string; previous_secret_expires_at: string };
    }>(organizationId, "POST", `/developers/endpoints/${endpoint.id}/rotate_secret`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.data.signing_secret;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.data.previous_secret_expires_at) - service.now()).toBe(24 * 3_600_000);
    // The secret is shown once: reads never carry it.
    const read = await service.api(organizationId, "GET", `/developers/endpoints/${endpoint.id}`);
    expect(JSON.stringify(read.body)).not.toContain("whsec_");

    receiver.trust("/rotating", endpoint.secret);
    expect((await send(1))?.standardValid).toBe(true);
    receiver.trust("/rotating", fresh);
    const both = await send(2);
    expect(both?.standardValid).toBe(true);
    expect(both?.whippyValid).toBe(true);
    expect(both?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);

    service.advance(24 * 3_600_000 + 1000);
    receiver.trust("/rotating", endpoint.secret);
    expect((await send(3))?.standardValid).toBe(false);
    receiver.trust("/rotating", fresh);
    const after = await send(4);
    expect(after?.standardValid).toBe(true);
    expect(after?.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
  });
});
