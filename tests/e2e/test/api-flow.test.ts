import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { contractErrors } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Contact {
  id: string;
  name?: string;
  phone?: string;
  email?: string;
}
interface List<T> {
  data: T[];
  total: number;
}

let stack: Stack;
let org: Organization;

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("Acme Staffing");
});
afterAll(() => stack.stop());

describe("a client of the public API, through the gateway", () => {
  it("creates, finds, updates, upserts and deletes contacts; bodies follow the contract", async () => {
    const created = await org.api<{ data: Contact }>("POST", "/contacts", {
      name: "Jane Doe",
      phone: "(415) 555-2671",
      email: "jane@example.com",
    });
    expect(created.status).toBe(201);
    expect(contractErrors("POST", "/contacts", 201, created.body)).toEqual([]);
    expect(created.body.data).toMatchObject({ name: "Jane Doe", phone: "+14155552671" });
    const id = created.body.data.id;

    const found = await org.api<List<Contact>>("POST", "/contacts/search", { email: "jane@example.com" });
    expect(found.status).toBe(200);
    expect(contractErrors("POST", "/contacts/search", 200, found.body)).toEqual([]);
    expect(found.body.data.map((c) => c.id)).toEqual([id]);

    const updated = await org.api<{ data: Contact }>("PUT", `/contacts/${id}`, { name: "Jane Q. Doe" });
    expect(updated.status).toBe(200);
    expect(contractErrors("PUT", "/contacts/{id}", 200, updated.body)).toEqual([]);
    expect(updated.body.data).toMatchObject({ name: "Jane Q. Doe", email: "jane@example.com" });

    const upserted = await org.api<{ data: { results: Array<{ status: string; id: string }> } }>(
      "PUT",
      "/contacts/upsert",
      {
        contacts: [
          { phone: "+14155552671", name: "Jane Upserted" },
          { phone: "+15555550123", name: "Sam" },
        ],
      },
    );
    expect(upserted.status).toBe(202);
    expect(contractErrors("PUT", "/contacts/upsert", 202, upserted.body)).toEqual([]);
    expect(upserted.body.data.results.map((r) => r.status)).toEqual(["updated", "created"]);
    expect(upserted.body.data.results[0]?.id).toBe(id);

    const list = await org.api<List<Contact>>("GET", "/contacts?limit=1");
    expect(list.status).toBe(200);
    expect(contractErrors("GET", "/contacts", 200, list.body)).toEqual([]);
    expect(list.body.total).toBe(2);
    expect(list.body.data).toHaveLength(1);

    const shown = await org.api<{ data: Contact }>("GET", `/contacts/${id}`);
    expect(contractErrors("GET", "/contacts/{id}", 200, shown.body)).toEqual([]);
    expect(shown.body.data.name).toBe("Jane Upserted");

    expect((await org.api("DELETE", `/contacts/${id}`)).status).toBe(200);
    expect((await org.api("GET", `/contacts/${id}`)).status).toBe(404);
  });

  it("creates and lists channels; never returns credentials", async () => {
    const created = await org.api<{ data: { id: string } }>("POST", "/channels", {
      type: "phone",
      name: "Recruiting line",
      phone: "+14155550100",
      timezone: "America/Los_Angeles",
      provider: "twilio",
      credentials: { account_sid: `AC${"a".repeat(32)}`, auth_token: "super-secret-token" },
      opening_hours: [{ weekday: "Monday", opens_at: "09:00", closes_at: "17:00", state: "open" }],
    });
    expect(created.status).toBe(201);
    const list = await org.api("GET", "/channels");
    expect(list.status).toBe(200);
    expect(contractErrors("GET", "/channels", 200, list.body)).toEqual([]);
    const shown = await org.api("GET", `/channels/${created.body.data.id}`);
    expect(contractErrors("GET", "/channels/{id}", 200, shown.body)).toEqual([]);
    for (const body of [created.body, list.body, shown.body]) {
      expect(JSON.stringify(body)).not.toContain("super-secret-token");
    }
    const users = await org.api("GET", `/channels/${created.body.data.id}/users`);
    expect(users.status).toBe(200);
    expect(contractErrors("GET", "/channels/{id}/users", 200, users.body)).toEqual([]);
  });

  it("answers bad input with 422 naming the field, never a 500", async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ["POST", "/contacts", { phone: "not a phone" }, "phone"],
      ["POST", "/contacts", { phone: "+14155550111", email: "nope" }, "email"],
      ["POST", "/contacts", { phone: 14155550111 }, "phone"],
      ["POST", "/contacts", { phone: "+14155550111", favourite_colour: "red" }, "favourite_colour"],
      [
        "PUT",
        "/contacts/upsert",
        { contacts: Array.from({ length: 1001 }, () => ({ phone: "+14155550111" })) },
        "contacts",
      ],
      [
        "POST",
        "/channels",
        { type: "phone", name: "x", phone: "+14155550199", timezone: "Nowhere/Else" },
        "timezone",
      ],
      ["GET", "/contacts?limit=501", undefined, "query.limit"],
      ["POST", "/contacts", "{broken json", "body"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await org.api<{ status: number; details: Array<{ field: string }> }>(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(422);
      expect(contractErrors("POST", "/contacts", 422, res.body)).toEqual([]);
      expect(res.body.details.map((d) => d.field)).toContain(field);
    }
  });

  it("serves the OpenAPI document and the docs page without a key", async () => {
    const doc = await fetch(`${stack.gatewayUrl}/v1/openapi.json`);
    expect(doc.status).toBe(200);
    const body = (await doc.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        "/contacts",
        "/contacts/{id}",
        "/contacts/upsert",
        "/channels",
        "/channels/{id}/users",
      ]),
    );
    const docs = await fetch(`${stack.gatewayUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-type")).toContain("text/html");
  });
});
