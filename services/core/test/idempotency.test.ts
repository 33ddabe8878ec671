import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContactFixtures, contactFixtures } from "./contacts-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";

let core: CoreHarness;
let fx: ContactFixtures;
beforeAll(async () => {
  core = await startCore();
  fx = await contactFixtures(core);
});
afterAll(async () => {
  await fx?.close();
  await core?.stop();
});

async function create(organizationId: string, path: string, key: string, body: unknown) {
  const res = await core.call(`/v1/${path}`, {
    method: "POST",
    organizationId,
    headers: { "idempotency-key": key },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by the assertions
  const answer: any = await res.json();
  return { status: res.status, body: answer, replayed: res.headers.get("idempotent-replayed") };
}

describe("Idempotency-Key on core's creates", () => {
  it.each([
    ["contacts", { phone: "+14155550123", name: "Jane" }, { phone: "+14155550123", name: "Janet" }],
    [
      "users",
      { name: "Sam", email: "sam@example.com", role: "agent" },
      { name: "Sam", email: "other@example.com", role: "agent" },
    ],
    ["teams", { name: "Dallas" }, { name: "Houston" }],
    [
      "channels",
      { type: "phone", name: "Line", phone: "+14155550100" },
      { type: "phone", name: "Other line", phone: "+14155550101" },
    ],
  ])(
    "POST /%s replays the first answer (instead of a duplicate 422) and refuses another body",
    async (path, body, other) => {
      const organizationId = await fx.createOrganization();
      const first = await create(organizationId, path, `key-${path}`, body);
      expect(first.status).toBe(201);
      const again = await create(organizationId, path, `key-${path}`, body);
      expect(again).toMatchObject({ status: 201, body: first.body, replayed: "true" });
      const mismatch = await create(organizationId, path, `key-${path}`, other);
      expect(mismatch.status).toBe(422);
      expect(mismatch.body.details[0].field).toBe("Idempotency-Key");
    },
  );
});
