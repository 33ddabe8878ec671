import { Idempotency, INTERNAL_TOKEN_HEADER, ORGANIZATION_HEADER } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { type DispatchHarness, openDispatchHarness } from "./dispatch-harness.js";

/**
 * `GET /v1/campaigns/{id}/contacts` through the service's own app on real PostgreSQL: the
 * Activepieces piece's flags as before, and `state` (extension) by any recipient state.
 */
const TOKEN = "campaign-contacts-test-token";
const AT = new Date("2026-01-05T15:00:00Z");

let harness: DispatchHarness;
let app: ReturnType<typeof createApp>;
let campaignId: string;
/** Each recipient's contact id by the state it is stored in. */
const byState = new Map<string, string[]>();

const list = async (query: string, organizationId = harness.organizationId) => {
  const res = await app.request(`/v1/campaigns/${campaignId}/contacts?${query}`, {
    headers: { [INTERNAL_TOKEN_HEADER]: TOKEN, [ORGANIZATION_HEADER]: organizationId },
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data: Array<{ id: string; recipient_state: string }>;
      total: number;
      error?: string;
      details?: Array<{ field: string; message: string }>;
    },
  };
};
const idsOf = (states: string[]) => states.flatMap((state) => byState.get(state) ?? []).sort();

beforeAll(async () => {
  harness = await openDispatchHarness();
  app = createApp({
    ...harness.deps,
    idempotency: new Idempotency(harness.database.db as never, 3_600_000),
    internalToken: TOKEN,
    readiness: [],
  });
  campaignId = crypto.randomUUID();
  await harness.database.db
    .insertInto("campaigns")
    .values({
      id: campaignId,
      organization_id: harness.organizationId,
      title: "Recipients by state",
      status: "sending",
      type: "sms",
      channel_id: crypto.randomUUID(),
      from: "+14155550100",
      body: "Shift open tomorrow",
      attachments: "[]",
      audience: JSON.stringify({ filter: null, inline_ids: [] }),
      window_start: "00:00",
      window_end: "23:59",
      attribution_hours: 72,
      audience_phase: "done",
      started_at: AT,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  // Two of each state; one delivered recipient replied, opted out and clicked.
  const states = ["pending", "queued", "sent", "delivered", "failed", "skipped"];
  const rows = states.flatMap((state) =>
    [0, 1].map((n) => {
      const contactId = crypto.randomUUID();
      byState.set(state, [...(byState.get(state) ?? []), contactId]);
      const engaged = state === "delivered" && n === 0;
      return {
        campaign_id: campaignId,
        contact_id: contactId,
        organization_id: harness.organizationId,
        state,
        phone: "+14155550199",
        time_zone: "UTC",
        not_before: AT,
        updated_at: AT,
        ...(engaged && { responded_at: AT, unsubscribed_at: AT, clicked_at: AT }),
      };
    }),
  );
  await harness.database.db.insertInto("campaign_recipients").values(rows).execute();
});

afterAll(async () => {
  await harness?.close();
});

describe("GET /v1/campaigns/{id}/contacts", () => {
  it("keeps the piece's flags: delivered, responded, unsubscribed, clicked_link / clicked_level", async () => {
    const all = await list("limit=50");
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(12);
    const delivered = await list("delivered=true");
    expect(delivered.body.data.map((r) => r.id).sort()).toEqual(idsOf(["delivered"]));
    const engaged = byState.get("delivered")?.[0];
    for (const flag of ["responded=true", "unsubscribed=1", "clicked_link=true", "clicked_level=true"]) {
      const res = await list(flag);
      expect(res.body, flag).toMatchObject({ total: 1, data: [{ id: engaged }] });
    }
    // `false`, as the piece sends unset flags, and its literal "undefined", filter nothing.
    expect((await list("delivered=false&responded=0&clicked_level=undefined")).body.total).toBe(12);
  });

  it("filters by any state, one, repeated or comma-separated, with the flags narrowing further", async () => {
    for (const state of ["pending", "queued", "sent", "delivered", "failed", "skipped"]) {
      const res = await list(`state=${state}`);
      expect(res.status).toBe(200);
      expect(res.body.total, state).toBe(2);
      expect(res.body.data.map((r) => r.recipient_state)).toEqual([state, state]);
    }
    const repeated = await list("state=failed&state=skipped");
    expect(repeated.body.data.map((r) => r.id).sort()).toEqual(idsOf(["failed", "skipped"]));
    const commas = await list("state=pending,%20queued,sent");
    expect(commas.body.data.map((r) => r.id).sort()).toEqual(idsOf(["pending", "queued", "sent"]));
    expect((await list("state[]=failed&state[]=delivered")).body.total).toBe(4);
    expect((await list("state=failed&responded=true")).body.total).toBe(0);
    expect((await list("state=delivered&responded=true")).body.total).toBe(1);
    expect((await list("state=sent,failed&limit=3&offset=2")).body).toMatchObject({ total: 4 });
    // Blank filters nothing, as the piece's other unset parameters.
    expect((await list("state=")).body.total).toBe(12);
  });

  it("refuses an unknown state with a 422 naming `state`", async () => {
    for (const query of ["state=bounced", "state=failed,Delivered", "state=sent&state=read"]) {
      const res = await list(query);
      expect(res.status, query).toBe(422);
      expect(res.body.details, query).toEqual([
        { field: "query.state", message: expect.stringMatching(/not a recipient state \(one of pending, /) },
      ]);
    }
  });

  it("is another organization's 404", async () => {
    const res = await list("state=failed", crypto.randomUUID());
    expect(res.status).toBe(404);
  });
});
