import { type Organization, type Stack, startStack, TWILIO_ACCOUNT } from "@relay/local-stack";
import { WebhookReceiver, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHANNEL = "+14155550140";
let stack: Stack;
let org: Organization;
let other: Organization;
let receiver: WebhookReceiver;

beforeAll(async () => {
  stack = await startStack();
  receiver = await WebhookReceiver.start();
  org = await stack.createOrganization("Webhooks Org");
  other = await stack.createOrganization("Other Org");
  const channel = await org.api("POST", "/channels", {
    type: "phone",
    name: "Line",
    phone: CHANNEL,
    provider: "twilio",
    credentials: { account_sid: TWILIO_ACCOUNT.sid, auth_token: TWILIO_ACCOUNT.token },
    send_rate: 50,
  });
  expect(channel.status).toBe(201);
});
afterAll(async () => {
  await receiver?.stop();
  await stack?.stop();
});

describe("webhooks through the gateway", () => {
  it("the README's walkthrough: an SMS's message.created then message.updated arrive signed, and replay", async () => {
    const endpoint = await org.api<{ data: { id: string; signing_secret: string } }>(
      "POST",
      "/developers/endpoints",
      {
        developer_application_id: "e5639aa5-6d8d-4802-a146-5be9caafc93b",
        active: true,
        url: `${receiver.url}/walkthrough`,
        event_types: ["message.created", "message.updated"],
      },
    );
    expect(endpoint.status).toBe(201);
    receiver.trust("/walkthrough", endpoint.body.data.signing_secret);
    const since = new Date().toISOString();
    const sent = await org.api<{ data: { id: string } }>("POST", "/messaging/sms", {
      from: CHANNEL,
      to: "+14155552680",
      body: "Your interview is at 10",
    });
    expect(sent.status).toBe(201);
    const got = await waitFor(
      () => {
        const all = receiver.at("/walkthrough");
        return all.some((r) => r.json.data.delivery_status === "delivered") && all;
      },
      { timeoutMs: 20_000 },
    );
    expect(got[0]?.json).toMatchObject({ event: "message.created", data: { id: sent.body.data.id } });
    expect(got.slice(1).every((r) => r.json.event === "message.updated")).toBe(true);
    expect(got.every((r) => r.standardValid && r.whippyValid && r.json.organization_id === org.id)).toBe(
      true,
    );
    const message = await org.api<{ data: Record<string, unknown> }>("GET", `/messages/${sent.body.data.id}`);
    if (message.status === 200) expect(got.at(-1)?.json.data).toEqual(message.body.data);

    const replay = await org.api<{ data: { replayed: number } }>(
      "POST",
      `/developers/endpoints/${endpoint.body.data.id}/replay`,
      { since },
    );
    expect(replay.status).toBe(202);
    expect(replay.body.data.replayed).toBe(got.length);
    await waitFor(() => receiver.at("/walkthrough").length >= 2 * got.length, { timeoutMs: 10_000 });
    expect(receiver.at("/walkthrough").every((r) => r.standardValid)).toBe(true);

    // Another organization: none of this organization's events, and its endpoint is not found.
    expect((await other.api("GET", `/developers/endpoints/${endpoint.body.data.id}`)).status).toBe(404);
    expect((await other.api("GET", `/developers/endpoints/${endpoint.body.data.id}/deliveries`)).status).toBe(
      404,
    );
  });

  it("401 without a key or with a wrong one; 422 names the field", async () => {
    for (const key of [undefined, "wrong-key"]) {
      const res = await fetch(`${stack.gatewayUrl}/v1/developers/endpoints`, {
        headers: key ? { "x-whippy-key": key } : {},
      });
      expect(res.status).toBe(401);
    }
    const custom = await fetch(`${stack.gatewayUrl}/v1/custom_events`, {
      method: "POST",
      headers: { "x-whippy-key": "wrong-key", "content-type": "application/json" },
      body: JSON.stringify({ event: "x" }),
    });
    expect(custom.status).toBe(401);
    const bad = await org.api<{ details: { field: string }[] }>("POST", "/custom_events", { event: 5 });
    expect(bad.status).toBe(422);
    expect(bad.body.details[0]?.field).toBe("event");
  });

  it("delivers custom object and record events to an endpoint subscribed to them", async () => {
    const endpoint = await org.api<{ data: { signing_secret: string } }>("POST", "/developers/endpoints", {
      developer_application_id: "e5639aa5-6d8d-4802-a146-5be9caafc93b",
      active: true,
      url: `${receiver.url}/custom-data`,
      event_types: ["custom_object.*", "custom_object_record.*"],
    });
    expect(endpoint.status).toBe(201);
    receiver.trust("/custom-data", endpoint.body.data.signing_secret);
    const object = await org.api<{ data: { id: string } }>("POST", "/custom_objects", {
      key: "shift",
      label: "Shift",
      custom_properties: [{ key: "site", label: "Site", type: "text" }],
    });
    expect(object.status).toBe(201);
    const path = `/custom_objects/${object.body.data.id}/records`;
    const record = await org.api<{ data: { id: string } }>("POST", path, {
      external_id: "s-1",
      properties: { site: "A" },
    });
    await org.api("POST", path, { external_id: "s-1", properties: { site: "B" } });
    const got = await waitFor(() => receiver.at("/custom-data").length >= 3 && receiver.at("/custom-data"), {
      timeoutMs: 20_000,
    });
    // Deliveries of one resource keep their order; the object's and the record's may interleave.
    const records = got.filter((r) => r.json.event !== "custom_object.created");
    expect(got.map((r) => r.json.event).sort()).toEqual([
      "custom_object.created",
      "custom_object_record.created",
      "custom_object_record.updated",
    ]);
    expect(records.map((r) => r.json.event)).toEqual([
      "custom_object_record.created",
      "custom_object_record.updated",
    ]);
    expect(records[1]?.json.data).toMatchObject({ id: record.body.data.id, properties: { site: "B" } });
    expect(got.every((r) => r.standardValid && r.json.organization_id === org.id)).toBe(true);
  });
});
