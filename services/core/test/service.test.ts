import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CoreHarness, startCore } from "./harness.js";

let core: CoreHarness;
beforeAll(async () => {
  core = await startCore();
});
afterAll(() => core.stop());

describe("core service", () => {
  it("is alive and ready when PostgreSQL and NATS answer", async () => {
    expect((await fetch(`${core.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${core.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready" });
  });

  it("answers unknown routes with the contract's error body", async () => {
    const res = await core.call("/nope", { organizationId: crypto.randomUUID() });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, code: "not_found", error: expect.any(String) });
  });

  it("refuses calls without the internal token", async () => {
    const res = await fetch(`${core.url}/v1/contacts`, {
      headers: { "x-organization-id": crypto.randomUUID() },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});
