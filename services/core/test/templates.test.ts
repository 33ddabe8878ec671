import { AppError, GetMessageTemplate } from "@relay/domain";
import { request } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoreHarness, startCore } from "./harness.js";
import {
  createOrganization,
  type EventLog,
  eventLog,
  fieldsOf,
  type TestOrganization,
} from "./org-fixtures.js";

let core: CoreHarness;
let log: EventLog;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  core = await startCore();
  log = await eventLog(core);
  org = await createOrganization(core, { name: "Templates Inc" });
  other = await createOrganization(core, { name: "Other Templates Inc" });
});
afterAll(async () => {
  await log?.close();
  await core?.stop();
});

/** Reply bodies are checked by the assertions, not by the type system. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = Record<string, any>;
const titles = (list: Loose[]) => list.map((t) => t.title);
const PATH = "/automations/templates";
const GREETING =
  'Hi {{ contact.first_name | default: "there" }}, your {{contact.properties.plan}} renews soon';

describe("/v1/automations/templates", () => {
  it("creates, shows, lists, updates and deletes a template, announcing each change", async () => {
    const created = await org.call("POST", PATH, {
      title: "  Renewal reminder ",
      message: GREETING,
      attachments: ["https://example.com/card.png"],
    });
    expect(created.status).toBe(201);
    const template = created.body.data;
    expect(template).toMatchObject({
      organization_id: org.id,
      title: "Renewal reminder",
      message: GREETING,
      channel_type: null,
      attachments: ["https://example.com/card.png"],
      access_level: "organization",
      archived: false,
      variables: ["contact.first_name", "contact.properties.plan"],
      created_by: null,
      updated_by: null,
    });
    expect((await org.call("GET", `${PATH}/${template.id}`)).body.data).toEqual(template);
    const createdEvent = await log.waitForEvent(
      "core.message_template.created",
      (e) => (e.data as Loose).id === template.id,
    );
    expect(createdEvent.data).toEqual(template);

    const updated = await org.call("PUT", `${PATH}/${template.id}`, {
      message: "Bye {{contact.name}}",
      channel_type: "phone",
      archived: true,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({
      title: "Renewal reminder",
      message: "Bye {{contact.name}}",
      channel_type: "phone",
      archived: true,
      variables: ["contact.name"],
    });
    await log.waitForEvent(
      "core.message_template.updated",
      (e) => (e.data as Loose).id === template.id && (e.data as Loose).archived === true,
    );
    expect((await org.call("GET", `${PATH}?archived=1`)).body.data.map((t: Loose) => t.id)).toContain(
      template.id,
    );

    const deleted = await org.call("DELETE", `${PATH}/${template.id}`);
    expect(deleted.body).toEqual({ data: { id: template.id, deleted: true } });
    await log.waitForEvent("core.message_template.deleted", (e) => (e.data as Loose).id === template.id);
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const res = await org.call(
        method,
        `${PATH}/${template.id}`,
        method === "PUT" ? { title: "x" } : undefined,
      );
      expect(res.status, method).toBe(404);
    }
  });

  it("lists with pages, title, search and filters, by GET or by the piece's POST with an empty body", async () => {
    const fresh = await createOrganization(core);
    await fresh.call("POST", PATH, { title: "Shift open", message: "A shift is open" });
    await fresh.call("POST", PATH, { title: "Shift filled", message: "Filled, thanks", archived: true });
    await fresh.call("POST", PATH, {
      title: "Welcome",
      message: "Welcome aboard, 50% off your first shift",
      channel_type: "email",
      access_level: "user",
    });

    // list-automation-templates.ts: POST, body {}, every parameter in the query, unset ones as "undefined".
    const piece = await fresh.call(
      "POST",
      `${PATH}?limit=50&offset=0&title=shift&archived=undefined&access_level=undefined&created_by=undefined&updated_by=undefined`,
      {},
    );
    expect(piece.status).toBe(200);
    expect(piece.body.total).toBe(2);
    expect(titles(piece.body.data)).toEqual(["Shift open", "Shift filled"]);

    const blank = await fresh.call("POST", `${PATH}?title=&archived=0`, {});
    expect(titles(blank.body.data)).toEqual(["Shift open", "Welcome"]);
    expect((await fresh.call("GET", `${PATH}?search=50%25`)).body.data).toMatchObject([{ title: "Welcome" }]);
    expect((await fresh.call("GET", `${PATH}?search=thanks`)).body.total).toBe(1);
    expect((await fresh.call("GET", `${PATH}?channel_type=email&access_level=user`)).body.total).toBe(1);
    expect((await fresh.call("GET", `${PATH}?created_by=1,2`)).body.total).toBe(0);
    const page = await fresh.call("GET", `${PATH}?limit=1&offset=2`);
    expect(page.body).toMatchObject({ total: 3, data: [{ title: "Welcome" }] });
    expect((await fresh.call("POST", PATH)).body.total).toBe(3);

    const bad = await fresh.call("GET", `${PATH}?archived=maybe`);
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toEqual(["query.archived"]);
  });

  it("answers 422 naming the field: title, message length and variables, attachments, unknown fields", async () => {
    for (const [body, field] of [
      [{ message: "Hello" }, "title"],
      [{ title: "   ", message: "Hello" }, "title"],
      [{ title: "T" }, "message"],
      [{ title: "T", message: "" }, "message"],
      [{ title: "T", message: "x".repeat(1001) }, "message"],
      [{ title: "T", message: "x".repeat(4097), channel_type: "whatsapp" }, "message"],
      [{ title: "T", message: "Hi {{first_name}}" }, "message"],
      [{ title: "T", message: "Hi {{contact.password}}" }, "message"],
      [{ title: "T", message: "{% if contact.name %}x{% endif %}" }, "message"],
      [{ title: "T", message: "Hi", channel_type: "fax" }, "channel_type"],
      [{ title: "T", message: "Hi", attachments: ["ftp://example.com/a"] }, "attachments.0"],
      [{ title: "T", message: "Hi", access_level: "team" }, "access_level"],
      [{ title: "T", message: "Hi", body: "Hi" }, "body"],
    ] as const) {
      const res = await org.call("POST", PATH, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(fieldsOf(res), JSON.stringify(body)).toContain(field);
      expect(res.body.errors?.[0]?.description ?? res.body.error).toContain(field);
    }
    const email = await org.call("POST", PATH, {
      title: "Long email",
      message: "x".repeat(5000),
      channel_type: "email",
    });
    expect(email.status).toBe(201);
    const narrowed = await org.call("PUT", `${PATH}/${email.body.data.id}`, { channel_type: "phone" });
    expect(narrowed.status).toBe(422);
    expect(fieldsOf(narrowed)).toEqual(["channel_type"]);
    const longer = await org.call("PUT", `${PATH}/${email.body.data.id}`, { message: "y".repeat(6000) });
    expect(longer.status).toBe(200);
    expect((await org.call("PUT", `${PATH}/${email.body.data.id}`, { title: "" })).status).toBe(422);
  });

  it("answers 404 for another organization's template, and never lists it", async () => {
    const theirs = (await other.call("POST", PATH, { title: "Theirs", message: "Hidden" })).body.data;
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const res = await org.call(
        method,
        `${PATH}/${theirs.id}`,
        method === "PUT" ? { title: "Mine" } : undefined,
      );
      expect(res.status, method).toBe(404);
    }
    expect((await org.call("GET", `${PATH}/not-a-uuid`)).status).toBe(404);
    expect(titles((await org.call("GET", `${PATH}?limit=500`)).body.data)).not.toContain("Theirs");
    expect((await other.call("GET", `${PATH}/${theirs.id}`)).body.data.title).toBe("Theirs");
  });

  it("creates once per Idempotency-Key, and records the web user who wrote it", async () => {
    const post = (key: string, title: string, userId?: string) =>
      core.call(`/v1${PATH}`, {
        method: "POST",
        organizationId: org.id,
        headers: { "idempotency-key": key, ...(userId && { "x-relay-user-id": userId }) },
        body: JSON.stringify({ title, message: "Same" }),
      });
    const key = crypto.randomUUID();
    const first = (await (await post(key, "Once")).json()) as Loose;
    const again = await post(key, "Once");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as Loose).data.id).toBe(first.data.id);
    expect((await post(key, "Twice")).status).toBe(422);

    const user = (await org.call("POST", "/users", { name: "Ana", email: "ana@example.com" })).body.data;
    const byUser = (await (await post(crypto.randomUUID(), "Ana's", String(user.id))).json()) as Loose;
    expect(byUser.data).toMatchObject({ created_by: user.id, updated_by: user.id });
    expect((await org.call("GET", `${PATH}?created_by=${user.id}`)).body.data).toMatchObject([
      { title: "Ana's" },
    ]);
  });
});

describe("rpc.core.template.get", () => {
  it("answers the organization's template, and not_found for anyone else", async () => {
    const template = (await org.call("POST", PATH, { title: "For campaigns", message: GREETING })).body.data;
    expect(await request(log.bus, GetMessageTemplate, { organization_id: org.id, id: template.id })).toEqual(
      template,
    );
    const error = await request(log.bus, GetMessageTemplate, {
      organization_id: other.id,
      id: template.id,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("not_found");
  });
});
