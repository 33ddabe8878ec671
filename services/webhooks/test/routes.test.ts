import { ContactCreated } from "@relay/domain";
import { WebhookReceiver, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openService, type Service } from "./harness.js";

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

type Body = { data: Record<string, unknown>; details?: { field: string }[]; total?: number };
const fields = (res: { body: Body }) => (res.body.details ?? []).map((d) => d.field);

describe("applications and endpoints", () => {
  it("takes the Activepieces piece's body unchanged (a fixed application id, extra fields)", async () => {
    const organizationId = crypto.randomUUID();
    const res = await service.api<Body>(organizationId, "POST", "/developers/endpoints", {
      developer_application_id: "e5639aa5-6d8d-4802-a146-5be9caafc93b",
      active: true,
      url: `${receiver.url}/piece`,
      event_types: ["message.created"],
      target: "flow",
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      developer_application_id: "e5639aa5-6d8d-4802-a146-5be9caafc93b",
      active: true,
      method: "POST",
      event_types: ["message.created"],
    });
    expect(res.body.data.signing_secret).toMatch(/^whsec_/);
    // Another organization may name the same application id: it is its own.
    const other = await service.api<Body>(crypto.randomUUID(), "POST", "/developers/endpoints", {
      developer_application_id: "e5639aa5-6d8d-4802-a146-5be9caafc93b",
      url: `${receiver.url}/piece`,
      event_types: ["*"],
    });
    expect(other.status).toBe(201);
    const apps = await service.api<{ data: unknown[] }>(organizationId, "GET", "/developers/applications");
    expect(apps.body.data).toHaveLength(1);
  });

  it("creates, reads, changes and deletes applications and endpoints; 422 names the field", async () => {
    const organizationId = crypto.randomUUID();
    const app = await service.api<Body>(organizationId, "POST", "/developers/applications", {
      name: "ATS sync",
    });
    expect(app.status).toBe(201);
    const appId = app.body.data.id as string;
    expect(
      fields(await service.api<Body>(organizationId, "POST", "/developers/applications", { name: "" })),
    ).toEqual(["name"]);
    const put = await service.api<Body>(organizationId, "PUT", `/developers/applications/${appId}`, {
      active: false,
    });
    expect(put.body.data.active).toBe(false);

    const created = await service.api<Body>(organizationId, "POST", "/developers/endpoints", {
      developer_application_id: appId,
      url: `${receiver.url}/crud`,
      event_types: ["message.*", "contact.updated"],
      description: "CRM",
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const bad = await service.api<Body>(organizationId, "POST", "/developers/endpoints", {
      url: `${receiver.url}/crud`,
      event_types: ["Not An Event"],
    });
    expect(bad.status).toBe(422);
    expect(fields(bad)).toEqual(["event_types.0"]);
    expect(
      fields(await service.api<Body>(organizationId, "POST", "/developers/endpoints", { url: "x" })),
    ).toContain("event_types");
    const list = await service.api<Body>(organizationId, "GET", "/developers/endpoints");
    expect(list.body.total).toBe(1);
    const changed = await service.api<Body>(organizationId, "PUT", `/developers/endpoints/${id}`, {
      event_types: ["*"],
      active: "false",
    });
    expect(changed.body.data).toMatchObject({ event_types: ["*"], active: false });
    expect(changed.body.data).not.toHaveProperty("signing_secret");
    expect((await service.api(organizationId, "DELETE", `/developers/endpoints/${id}`)).status).toBe(200);
    expect((await service.api(organizationId, "GET", `/developers/endpoints/${id}`)).status).toBe(404);
    expect((await service.api(organizationId, "DELETE", `/developers/applications/${appId}`)).status).toBe(
      200,
    );
  });

  it("answers 404 for another organization's application, endpoint and deliveries; 401 without the internal token", async () => {
    const owner = crypto.randomUUID();
    const stranger = crypto.randomUUID();
    const endpoint = await service.api<Body>(owner, "POST", "/developers/endpoints", {
      url: `${receiver.url}/owned`,
      event_types: ["*"],
    });
    const id = endpoint.body.data.id as string;
    const appId = endpoint.body.data.developer_application_id as string;
    for (const [method, path, body] of [
      ["GET", `/developers/endpoints/${id}`],
      ["PUT", `/developers/endpoints/${id}`, { active: false }],
      ["DELETE", `/developers/endpoints/${id}`],
      ["POST", `/developers/endpoints/${id}/rotate_secret`],
      ["GET", `/developers/endpoints/${id}/deliveries`],
      ["POST", `/developers/endpoints/${id}/replay`, { since: new Date(0).toISOString() }],
      ["POST", `/developers/endpoints/${id}/test`],
      ["GET", `/developers/applications/${appId}`],
      ["DELETE", `/developers/applications/${appId}`],
    ] as const) {
      const res = await service.api(stranger, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await service.api(owner, "GET", `/developers/endpoints/${id}`)).status).toBe(200);
    const anonymous = await fetch(`${service.running.url}/v1/developers/endpoints`);
    expect(anonymous.status).toBe(401);
  });
});

describe("custom events", () => {
  it("answers the contract's shapes, deduplicates on external_id, and lists them on the contact's timeline", async () => {
    const organizationId = crypto.randomUUID();
    const contactId = crypto.randomUUID();
    const endpoint = await service.api<Body>(organizationId, "POST", "/developers/endpoints", {
      url: `${receiver.url}/custom`,
      event_types: ["custom_event.created"],
    });
    receiver.trust("/custom", endpoint.body.data.signing_secret as string);
    const input = {
      event: "lead.new",
      external_id: "ats-42",
      timestamp: "2026-01-05T15:00:00Z",
      payload: { stage: "applied" },
      associated_resources: [{ resource: "contact", id: contactId }],
    };
    const first = await service.api<Body>(organizationId, "POST", "/custom_events", input);
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      event: "lead.new",
      external_id: "ats-42",
      payload: { stage: "applied" },
    });
    expect(typeof first.body.data.created_at).toBe("string");
    const again = await service.api<Body>(organizationId, "POST", "/custom_events", {
      ...input,
      payload: { x: 1 },
    });
    expect(again.status).toBe(201);
    expect(again.body.data.id).toBe(first.body.data.id);

    const delivered = await waitFor(() => receiver.at("/custom").length >= 1 && receiver.at("/custom"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.at("/custom")).toHaveLength(1);
    expect(delivered[0]?.json).toMatchObject({
      event: "custom_event.created",
      data: { id: first.body.data.id },
    });
    expect(delivered[0]?.standardValid).toBe(true);

    const timeline = await service.api<{ data: { id: string }[]; total: number }>(
      organizationId,
      "GET",
      `/contacts/${contactId}/events`,
    );
    expect(timeline.body.total).toBe(1);
    expect(timeline.body.data[0]?.id).toBe(first.body.data.id);
    expect((await service.api(crypto.randomUUID(), "GET", `/contacts/${contactId}/events`)).status).toBe(404);
  });

  it("a contact core told us of has a timeline, empty at first; another organization's is 404", async () => {
    const organizationId = crypto.randomUUID();
    const at = new Date().toISOString();
    const id = crypto.randomUUID();
    await service.publish(ContactCreated, organizationId, {
      id,
      properties: {},
      tags: [],
      state: "open",
      blocked: false,
      created_at: at,
      updated_at: at,
    });
    const res = await waitFor(async () => {
      const r = await service.api<{ total: number }>(organizationId, "GET", `/contacts/${id}/events`);
      return r.status === 200 && r;
    });
    expect(res.body.total).toBe(0);
    expect((await service.api(crypto.randomUUID(), "GET", `/contacts/${id}/events`)).status).toBe(404);
  });

  it("422 names the field; bulk over its limit is 422; bulk answers 202", async () => {
    const organizationId = crypto.randomUUID();
    expect(fields(await service.api<Body>(organizationId, "POST", "/custom_events", {}))).toEqual(["event"]);
    expect(
      fields(
        await service.api<Body>(organizationId, "POST", "/custom_events", {
          event: "x",
          associated_resources: [{ resource: "planet", id: crypto.randomUUID() }],
        }),
      ),
    ).toEqual(["associated_resources.0.resource"]);
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ event: "bulk", external_id: `e${i}` }));
    const over = await service.api<Body>(organizationId, "POST", "/custom_events/bulk", { events: tooMany });
    expect(over.status).toBe(422);
    expect(fields(over)).toEqual(["events"]);
    const badRow = await service.api<Body>(organizationId, "POST", "/custom_events/bulk", {
      events: [{ event: "ok" }, { event: "" }],
    });
    expect(fields(badRow)).toEqual(["events.1.event"]);
    const ok = await service.api<Body>(organizationId, "POST", "/custom_events/bulk", {
      events: tooMany.slice(0, 100),
    });
    expect(ok.status).toBe(202);
    expect(ok.body.data.message).toMatch(/100 events accepted/);
  });
});
