import {
  ContactCreated,
  MessageCreated,
  MessageTemplateCreated,
  MessageTemplateDeleted,
  MessageTemplateUpdated,
  MessageUpdated,
} from "@relay/domain";
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

const org = () => crypto.randomUUID();

async function endpointAt(organizationId: string, path: string, types: string[] = ["*"]) {
  const endpoint = await registerEndpoint(service, organizationId, `${receiver.url}${path}`, types);
  receiver.trust(path, endpoint.secret);
  return endpoint;
}

describe("signed delivery", () => {
  it("delivers message.created then message.updated, signed both ways, in Whippy's body", async () => {
    const organizationId = org();
    await endpointAt(organizationId, "/order", ["message.created", "message.updated"]);
    const message = sampleMessage();
    const createdId = await service.publish(MessageCreated, organizationId, message);
    await service.publish(MessageUpdated, organizationId, { ...message, delivery_status: "sent" });
    await service.publish(MessageUpdated, organizationId, { ...message, delivery_status: "delivered" });
    const got = await waitFor(() => receiver.at("/order").length >= 3 && receiver.at("/order"));
    expect(got.map((r) => [r.json.event, r.json.data.delivery_status])).toEqual([
      ["message.created", "queued"],
      ["message.updated", "sent"],
      ["message.updated", "delivered"],
    ]);
    for (const r of got) {
      expect(r.standardValid).toBe(true);
      expect(r.whippyValid).toBe(true);
      expect(r.json.organization_id).toBe(organizationId);
      expect(r.headers["webhook-id"]).toBe(r.json.request_id);
      expect(Object.keys(r.json).sort()).toEqual([
        "data",
        "event",
        "organization_id",
        "request_id",
        "timestamp",
      ]);
    }
    expect(got[0]?.json.data).toEqual(JSON.parse(JSON.stringify(message)));
    expect(got[0]?.json.request_id).not.toBe(createdId);
  });

  it("shows a contact as the API does: the opt-ins only services read are dropped", async () => {
    const organizationId = org();
    await endpointAt(organizationId, "/contacts", ["contact.*"]);
    const at = new Date().toISOString();
    const contact = {
      id: crypto.randomUUID(),
      name: "Ada",
      phone: "+14155550111",
      properties: {},
      tags: [],
      state: "open" as const,
      blocked: false,
      created_at: at,
      updated_at: at,
      opt_in_to: [{ id: crypto.randomUUID() }],
      opt_in_to_all_channels: true,
    };
    await service.publish(ContactCreated, organizationId, contact);
    const [got] = await waitFor(() => receiver.at("/contacts").length >= 1 && receiver.at("/contacts"));
    expect(got?.json.event).toBe("contact.created");
    expect(got?.json.data.id).toBe(contact.id);
    expect(got?.json.data).not.toHaveProperty("opt_in_to");
    expect(got?.json.data).not.toHaveProperty("opt_in_to_all_channels");
  });

  it("delivers core's message template events as message_template.created / updated / deleted", async () => {
    const organizationId = org();
    await endpointAt(organizationId, "/templates", ["message_template.*"]);
    const at = new Date().toISOString();
    const template = {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      title: "Reminder",
      message: "Hi {{contact.first_name}}",
      channel_type: null,
      attachments: [],
      access_level: "organization" as const,
      archived: false,
      variables: ["contact.first_name"],
      created_by: null,
      updated_by: null,
      created_at: at,
      updated_at: at,
    };
    await service.publish(MessageTemplateCreated, organizationId, template);
    await service.publish(MessageTemplateUpdated, organizationId, { ...template, archived: true });
    await service.publish(MessageTemplateDeleted, organizationId, { id: template.id });
    const got = await waitFor(() => receiver.at("/templates").length >= 3 && receiver.at("/templates"));
    expect(got.map((r) => r.json.event)).toEqual([
      "message_template.created",
      "message_template.updated",
      "message_template.deleted",
    ]);
    expect(got[0]?.json.data).toEqual(template);
    expect(got[2]?.json.data).toEqual({ id: template.id });
  });

  it("never sends an organization's event to another organization's endpoint", async () => {
    const [mine, theirs] = [org(), org()];
    await endpointAt(mine, "/mine");
    await endpointAt(theirs, "/theirs");
    await service.publish(MessageCreated, mine, sampleMessage({ body: "for mine" }));
    await service.publish(MessageCreated, theirs, sampleMessage({ body: "for theirs" }));
    await waitFor(() => receiver.at("/mine").length >= 1 && receiver.at("/theirs").length >= 1);
    // One more event for mine, delivered after the others: had anything crossed, it would be here by now.
    await service.publish(MessageCreated, mine, sampleMessage({ body: "last" }));
    await waitFor(() => receiver.at("/mine").length >= 2);
    expect(receiver.at("/mine").map((r) => r.json.data.body)).toEqual(["for mine", "last"]);
    expect(receiver.at("/theirs").map((r) => r.json.data.body)).toEqual(["for theirs"]);
    expect(receiver.at("/theirs").every((r) => r.json.organization_id === theirs)).toBe(true);
  });

  it("sends only what an endpoint subscribes to", async () => {
    const organizationId = org();
    await endpointAt(organizationId, "/updates-only", ["message.updated"]);
    const message = sampleMessage();
    await service.publish(MessageCreated, organizationId, message);
    await service.publish(MessageUpdated, organizationId, { ...message, delivery_status: "sent" });
    await waitFor(() => receiver.at("/updates-only").length >= 1);
    expect(receiver.at("/updates-only").map((r) => r.json.event)).toEqual(["message.updated"]);
  });

  it("a receiver that hangs does not hold up another endpoint", async () => {
    const organizationId = org();
    receiver.behave("/hangs", { hang: true });
    const hanging = await endpointAt(organizationId, "/hangs");
    await endpointAt(organizationId, "/healthy");
    for (let i = 0; i < 20; i++)
      await service.publish(MessageCreated, organizationId, sampleMessage({ body: `m${i}` }));
    const healthy = await waitFor(() => receiver.at("/healthy").length >= 20 && receiver.at("/healthy"), {
      timeoutMs: 5000,
    });
    expect(healthy).toHaveLength(20);
    // The hanging one holds at most its concurrency cap (8) at once.
    expect(receiver.at("/hangs").length).toBeLessThanOrEqual(8);
    // Its attempts end at DELIVERY_TIMEOUT_MS (2 s here) as failures to retry.
    const timedOut = await waitFor(async () => {
      const res = await service.api<{ data: { error: string | null; status: string }[] }>(
        organizationId,
        "GET",
        `/developers/endpoints/${hanging.id}/deliveries?status=pending`,
      );
      return res.body.data.find((d) => d.error !== null);
    });
    expect(timedOut.error).toBe("timed out after 2000 ms");
  });

  it("410 Gone disables the endpoint, with its reason, and nothing more is sent to it", async () => {
    const organizationId = org();
    receiver.behave("/gone", { status: [410] });
    const endpoint = await endpointAt(organizationId, "/gone");
    await service.publish(MessageCreated, organizationId, sampleMessage());
    const disabled = await waitFor(async () => {
      const res = await service.api<{ data: { active: boolean; disabled_reason: string } }>(
        organizationId,
        "GET",
        `/developers/endpoints/${endpoint.id}`,
      );
      return !res.body.data.active && res.body.data;
    });
    expect(disabled.disabled_reason).toMatch(/410/);
    await service.publish(MessageCreated, organizationId, sampleMessage());
    await endpointAt(organizationId, "/after-gone");
    await service.publish(MessageCreated, organizationId, sampleMessage());
    await waitFor(() => receiver.at("/after-gone").length >= 1);
    expect(receiver.at("/gone")).toHaveLength(1);
  });

  it("logs deliveries, retries one, replays exactly the events since a time, and sends a test event", async () => {
    const organizationId = org();
    const endpoint = await endpointAt(organizationId, "/log");
    await service.publish(MessageCreated, organizationId, sampleMessage({ body: "before" }));
    await waitFor(() => receiver.at("/log").length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = new Date().toISOString();
    await service.publish(MessageCreated, organizationId, sampleMessage({ body: "after 1" }));
    await service.publish(MessageCreated, organizationId, sampleMessage({ body: "after 2" }));
    await waitFor(() => receiver.at("/log").length >= 3);

    const log = await service.api<{ data: Array<Record<string, unknown>>; total: number }>(
      organizationId,
      "GET",
      `/developers/endpoints/${endpoint.id}/deliveries`,
    );
    expect(log.body.total).toBe(3);
    expect(log.body.data[0]).toMatchObject({
      status: "succeeded",
      attempts: 1,
      response_code: 200,
      event: "message.created",
    });
    expect(log.body.data[0]?.response_body).toBe("answered 200");
    expect(typeof log.body.data[0]?.latency_ms).toBe("number");

    const replay = await service.api<{ data: { replayed: number } }>(
      organizationId,
      "POST",
      `/developers/endpoints/${endpoint.id}/replay`,
      { since },
    );
    expect(replay.status).toBe(202);
    expect(replay.body.data.replayed).toBe(2);
    await waitFor(() => receiver.at("/log").length >= 5);
    const bodies = receiver.at("/log").map((r) => r.json.data.body);
    expect(bodies.slice(3).sort()).toEqual(["after 1", "after 2"]);
    // A replay is the same event: same id, same bytes.
    const original = receiver.at("/log").find((r) => r.json.data.body === "after 1");
    const again = receiver.at("/log").filter((r) => r.json.data.body === "after 1")[1];
    expect(again?.headers["webhook-id"]).toBe(original?.headers["webhook-id"]);
    expect(again?.body).toBe(original?.body);

    const first = log.body.data[2] as { id: string };
    const retried = await service.api(
      organizationId,
      "POST",
      `/developers/endpoints/${endpoint.id}/deliveries/${first.id}/retry`,
    );
    expect(retried.status).toBe(202);
    await waitFor(() => receiver.at("/log").length >= 6);
    expect(receiver.at("/log")[5]?.json.data.body).toBe("before");

    const test = await service.api(organizationId, "POST", `/developers/endpoints/${endpoint.id}/test`);
    expect(test.status).toBe(202);
    const sample = await waitFor(() => receiver.at("/log").find((r) => r.json.event === "endpoint.test"));
    expect(sample.standardValid).toBe(true);
    expect(receiver.at("/log").every((r) => r.standardValid && r.whippyValid)).toBe(true);

    const badReplay = await service.api(
      organizationId,
      "POST",
      `/developers/endpoints/${endpoint.id}/replay`,
      {
        since: "yesterday",
      },
    );
    expect(badReplay.status).toBe(422);
    expect(JSON.stringify(badReplay.body)).toContain("since");
  });
});
