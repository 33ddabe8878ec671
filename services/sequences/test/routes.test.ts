import { INTERNAL_TOKEN_HEADER, ORGANIZATION_HEADER } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { type Harness, openHarness } from "./harness.js";

let h: Harness;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  h = await openHarness();
  app = createApp(h.deps);
});
afterAll(() => h?.close());

/** The fields these tests read (each test checks what it needs). */
interface Answer {
  data: {
    id: string;
    status: string;
    version: number;
    settings: unknown;
    steps: Array<{ id: string; key: string }>;
    enrolled: number;
    removed: number;
  };
  total: number;
  details?: Array<{ field: string }>;
}

const call = async <T = Answer>(
  method: string,
  path: string,
  body?: unknown,
  organization?: string,
  extra: Record<string, string> = {},
) => {
  const res = await app.request(`/v1${path}`, {
    method,
    headers: {
      ...extra,
      "content-type": "application/json",
      [INTERNAL_TOKEN_HEADER]: h.deps.internalToken,
      [ORGANIZATION_HEADER]: organization ?? h.organizationId,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

const send = (key: string, next?: string) => ({ type: "send", key, body: key, ...(next && { next }) });

describe("POST /v1/sequences graph checks", () => {
  const cases: [string, unknown[], string][] = [
    ["a target that is no step", [send("a", "nowhere")], "steps.0.next"],
    [
      "a wait's missing branch",
      [
        send("a"),
        {
          type: "wait_for_reply",
          key: "w",
          timeout: { value: 1, unit: "days" },
          on_reply: "a",
          on_timeout: "x",
        },
      ],
      "steps.1.on_timeout",
    ],
    [
      "a branch rule's missing target",
      [
        { type: "branch", key: "b", rules: [{ keywords: ["YES"], next: "x" }], otherwise: "b2" },
        { type: "end", key: "b2" },
      ],
      "steps.0.rules.0.next",
    ],
    ["an unreachable step", [send("a", "c"), send("b"), { type: "end", key: "c" }], "steps.1"],
    ["a cycle without a wait", [send("a"), send("b", "a")], "steps.1.next"],
    ["a duplicate key", [send("a"), { type: "end", key: "a" }], "steps.1.key"],
    ["an unknown step type", [{ type: "teleport", key: "t" }], "steps.0.type"],
    [
      "a collect step storing text in the email field",
      [
        {
          type: "collect",
          body: "Email?",
          answer: "text",
          field: "email",
          timeout: { value: 1, unit: "days" },
        },
      ],
      "steps.0.answer",
    ],
    [
      "a collect step with an unknown field",
      [
        {
          type: "collect",
          body: "?",
          answer: "text",
          field: "shoe_size",
          timeout: { value: 1, unit: "days" },
        },
      ],
      "steps.0.field",
    ],
    [
      "a collect step's missing on_invalid target",
      [
        {
          type: "collect",
          body: "?",
          answer: "number",
          field: "properties.hours",
          timeout: { value: 1, unit: "days" },
          on_invalid: "nowhere",
        },
      ],
      "steps.0.on_invalid",
    ],
    ["a tag step with no tag", [{ type: "tag", add: [], remove: [] }], "steps.0.add"],
    ["an assign step with nobody", [{ type: "assign" }], "steps.0.user_id"],
    [
      "a move to a sequence that does not exist",
      [{ type: "move", sequence_id: "00000000-0000-4000-8000-000000000000" }],
      "steps.0.sequence_id",
    ],
    [
      "a branch rule with both keywords and answer",
      [
        {
          type: "branch",
          key: "b",
          rules: [{ keywords: ["Y"], answer: "yes_no", next: "e" }],
          otherwise: "e",
        },
        { type: "end", key: "e" },
      ],
      "steps.0.rules.0.keywords",
    ],
    ["a bad delay unit", [{ ...send("a"), delay: { value: 1, unit: "weeks" } }], "steps.0.delay.unit"],
    ["a send with neither body nor template", [{ type: "send", key: "a" }], "steps.0.body"],
    [
      "a send with both body and template",
      [{ ...send("a"), template_id: "00000000-0000-4000-8000-000000000000" }],
      "steps.0.body",
    ],
  ];
  for (const [name, steps, field] of cases) {
    it(`answers 422 naming ${field} for ${name}`, async () => {
      const res = await call("POST", "/sequences", { title: "bad", steps });
      expect(res.status).toBe(422);
      expect(res.body.details?.map((d: { field: string }) => d.field)).toContain(field);
    });
  }
});

describe("sequences CRUD", () => {
  it("creates a draft, versions an edit keeping step ids by key, activates, lists, and hides it from other organizations", async () => {
    const created = await call("POST", "/sequences", {
      title: "Follow up",
      steps: [
        { ...send("ask"), delay: { value: 2, unit: "hours" } },
        { type: "end", key: "done" },
      ],
    });
    expect(created.status).toBe(201);
    const sequence = created.body.data;
    expect(sequence).toMatchObject({
      status: "draft",
      version: 1,
      settings: { stop_on_reply: true, re_entry: "allow" },
    });
    expect(sequence.steps[0]).toMatchObject({ key: "ask", type: "send", body: "ask", delay: 7200 });

    const edited = await call("PUT", `/sequences/${sequence.id}`, {
      steps: [send("ask"), send("more"), { type: "end", key: "done" }],
      settings: { re_entry: "skip_if_ever" },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.data.version).toBe(2);
    expect(edited.body.data.settings).toEqual({
      stop_on_reply: true,
      re_entry: "skip_if_ever",
      on_takeover: "pause",
      quiet_hours: null,
      triggers: [],
    });
    expect(edited.body.data.steps[0]?.id).toBe(sequence.steps[0]?.id);
    expect(edited.body.data.steps[2]?.id).toBe(sequence.steps[1]?.id);

    const activated = await call("POST", `/sequences/${sequence.id}/activate`);
    expect(activated.body.data.status).toBe("active");
    const list = await call<{ data: Array<{ id: string }>; total: number }>("GET", "/sequences?limit=10");
    expect(list.body.total).toBeGreaterThanOrEqual(1);
    expect(list.body.data.map((s: { id: string }) => s.id)).toContain(sequence.id);

    const stranger = crypto.randomUUID();
    expect((await call("GET", `/sequences/${sequence.id}`, undefined, stranger)).status).toBe(404);
    expect((await call("PUT", `/sequences/${sequence.id}`, { title: "x" }, stranger)).status).toBe(404);
    expect((await call("POST", `/sequences/${sequence.id}/archive`, undefined, stranger)).status).toBe(404);
    expect((await call("GET", "/sequences", undefined, stranger)).body.total).toBe(0);
    expect((await call("GET", "/sequences/not-a-uuid")).status).toBe(404);
  });

  it("enrolls only into an active sequence, honours re_entry, and removes contacts by id", async () => {
    const created = await call("POST", "/sequences", {
      title: "Once",
      steps: [{ ...send("ask"), delay: { value: 1, unit: "days" } }],
      settings: { re_entry: "skip_if_active" },
    });
    const id = created.body.data.id;
    const to = [{ phone: "+14155559001" }, { phone: "+14155559002" }];
    expect((await call("POST", `/sequences/${id}/contacts`, { to })).status).toBe(422);
    await call("POST", `/sequences/${id}/activate`);
    const enrolled = await call("POST", `/sequences/${id}/contacts`, { to });
    expect(enrolled.status).toBe(202);
    expect(enrolled.body.data).toMatchObject({ enrolled: 2, skipped: 0 });
    expect((await call("POST", `/sequences/${id}/contacts`, { to })).body.data).toMatchObject({
      enrolled: 0,
      skipped: 2,
    });
    const upserted = h.upserts.length;
    expect((await call("POST", `/sequences/${id}/contacts`, { to, step_id: "nope" })).status).toBe(422);
    expect(h.upserts).toHaveLength(upserted); // refused before any contact was written
    expect((await call("POST", `/sequences/${id}/contacts`, { to: [] })).status).toBe(422);

    const contacts = await call("GET", `/sequences/${id}/contacts`);
    expect(contacts.body.total).toBe(2);
    const first = h.contactOf("+14155559001");
    const removed = await call("DELETE", `/sequences/${id}/contacts`, { contacts: [{ id: first }] });
    expect(removed.body.data.removed).toBe(1);
    const runs = await call<{ data: Array<{ id: string }> }>(
      "GET",
      `/sequences/runs?sequence_id=${id}&status=stopped`,
    );
    expect(runs.body.data).toEqual([expect.objectContaining({ contact_id: first, stop_reason: "removed" })]);
    const runId = runs.body.data[0]?.id;
    const run = await call<{ data: { steps: unknown[] } }>("GET", `/sequences/runs/${runId}`);
    expect(run.body.data.steps).toEqual([
      expect.objectContaining({ step_key: "ask", state: "cancelled", outcome: "stopped", contact_id: first }),
    ]);
    expect((await call("GET", `/sequences/runs/${runId}`, undefined, crypto.randomUUID())).status).toBe(404);
    const viaQuery = await app.request(
      `/v1/sequences/${id}/contacts?contact_id=${h.contactOf("+14155559002")}`,
      {
        method: "DELETE",
        headers: { [INTERNAL_TOKEN_HEADER]: h.deps.internalToken, [ORGANIZATION_HEADER]: h.organizationId },
      },
    );
    expect(((await viaQuery.json()) as { data: { removed: number } }).data.removed).toBe(1);
    expect((await call("GET", `/sequences/runs?sequence_id=${id}&status=active`)).body.total).toBe(0);
  });

  it("answers a repeated Idempotency-Key with the first enrollment, and another body under it 422", async () => {
    const created = await call("POST", "/sequences", {
      title: "Keyed",
      steps: [{ ...send("ask"), delay: { value: 1, unit: "days" } }],
    });
    const id = created.body.data.id;
    await call("POST", `/sequences/${id}/activate`);
    const key = { "idempotency-key": crypto.randomUUID() };
    const to = [{ phone: "+14155559101" }];
    const first = await call("POST", `/sequences/${id}/contacts`, { to }, undefined, key);
    const again = await call("POST", `/sequences/${id}/contacts`, { to }, undefined, key);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect((await call("GET", `/sequences/runs?sequence_id=${id}`)).body.total).toBe(1);
    const other = await call(
      "POST",
      `/sequences/${id}/contacts`,
      { to: [{ phone: "+14155559102" }] },
      undefined,
      key,
    );
    expect(other.status).toBe(422);
  });
});

describe("Whippy's run paths: /sequences/{id}/sequence_runs and /contacts/{id}/sequences", () => {
  type Runs = {
    data: Array<{ id: string; contact_id: string; status: string; sequence?: { title: string } }>;
    total: number;
  };

  it("lists a sequence's runs with the piece's filters (blank ones absent), shows one, and the contact's sequences", async () => {
    const created = await call("POST", "/sequences", {
      title: "Runs by path",
      steps: [{ ...send("ask"), delay: { value: 1, unit: "days" } }],
    });
    const id = created.body.data.id;
    await call("POST", `/sequences/${id}/activate`);
    await call("POST", `/sequences/${id}/contacts`, {
      to: [{ phone: "+14155559201" }, { phone: "+14155559202" }],
    });
    const stopped = h.contactOf("+14155559201");
    await call("DELETE", `/sequences/${id}/contacts`, { contacts: [{ id: stopped }] });

    // The piece's list call, every parameter present: limit, offset, status, phone, before, after, channel_id.
    const piece = (query: string) => call<Runs>("GET", `/sequences/${id}/sequence_runs?${query}`);
    const active = await piece("limit=50&offset=0&status=active&phone=&before=&after=&channel_id=");
    expect(active.status).toBe(200);
    expect(active.body.data.map((r) => r.contact_id)).toEqual([h.contactOf("+14155559202")]);
    const finished = await piece("limit=50&offset=0&status=finished&phone=&before=&after=&channel_id=");
    expect(finished.body.data.map((r) => r.contact_id)).toEqual([stopped]);
    expect((await piece("status=active&phone=%2B14155559202")).body.total).toBe(1);
    expect((await piece("status=active&phone=%2B14155559201")).body.total).toBe(0);
    expect((await piece("phone=%2B14155559999")).body.total).toBe(0);
    const startedAt = (
      await call<{ data: { created_at: string } }>("GET", `/sequences/runs/${finished.body.data[0]?.id}`)
    ).body.data.created_at;
    const before = new Date(Date.parse(startedAt) - 60_000).toISOString();
    expect((await piece(`after=${encodeURIComponent(before)}`)).body.total).toBe(2);
    expect((await piece(`before=${encodeURIComponent(before)}`)).body.total).toBe(0);
    expect((await piece(`channel_id=${crypto.randomUUID()}`)).body.total).toBe(0);
    for (const bad of ["status=done", "after=yesterday", "channel_id=x", "limit=0"]) {
      const res = await piece(bad);
      expect(res.status, bad).toBe(422);
    }

    const runId = finished.body.data[0]?.id;
    const shown = await call<{ data: { id: string; steps: unknown[] } }>(
      "GET",
      `/sequences/${id}/sequence_runs/${runId}`,
    );
    expect(shown.status).toBe(200);
    expect(shown.body.data).toMatchObject({ id: runId, steps: [expect.anything()] });
    const elsewhere = await call("POST", "/sequences", { title: "Other", steps: [send("x")] });
    expect((await call("GET", `/sequences/${elsewhere.body.data.id}/sequence_runs/${runId}`)).status).toBe(
      404,
    );
    expect(
      (await call("GET", `/sequences/${id}/sequence_runs/${runId}`, undefined, crypto.randomUUID())).status,
    ).toBe(404);
    expect((await call("GET", `/sequences/${id}/sequence_runs`, undefined, crypto.randomUUID())).status).toBe(
      404,
    );

    const mine = await call<Runs>("GET", `/contacts/${stopped}/sequences`);
    expect(mine.body).toMatchObject({
      total: 1,
      data: [{ status: "stopped", sequence: { title: "Runs by path" } }],
    });
    // Another organization's contact, or none at all, is a 404 as on every contact route; a contact
    // of ours never enrolled has no runs.
    expect((await call("GET", `/contacts/${stopped}/sequences`, undefined, crypto.randomUUID())).status).toBe(
      404,
    );
    expect((await call("GET", `/contacts/${crypto.randomUUID()}/sequences`)).status).toBe(404);
    expect((await call("GET", "/contacts/not-a-uuid/sequences")).status).toBe(404);
    const never = await call<Runs>("GET", `/contacts/${h.contactOf("+14155559203")}/sequences`);
    expect(never).toMatchObject({ status: 200, body: { data: [], total: 0 } });
  });
});
