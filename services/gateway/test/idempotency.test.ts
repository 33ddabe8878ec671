import type { RunningService } from "@relay/service-kit";
import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CountingUpstream, startCountingUpstream } from "./counting-upstream.js";
import { type GatewayStack, startStack } from "./harness.js";
import type { TestOrganization } from "./organizations.js";

let stack: GatewayStack;
let upstream: CountingUpstream;
let gateway: RunningService;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  stack = await startStack();
  upstream = await startCountingUpstream();
  gateway = await stack.gateway({ CONVERSATIONS_URL: upstream.url, RATE_LIMIT_BURST: "1000" });
  org = await stack.createOrganization();
  other = await stack.createOrganization();
});
afterAll(async () => {
  await stack?.stop();
  await upstream?.stop();
});

const send = (key: string | undefined, body: unknown, who: TestOrganization = org) =>
  fetch(`${gateway.url}/v1/messaging/sms`, {
    method: "POST",
    headers: {
      "x-whippy-key": who.apiKey,
      "content-type": "application/json",
      ...(key === undefined ? {} : { "idempotency-key": key }),
    },
    body: JSON.stringify(body),
  });

const sms = { to: "+14155552671", from: "+14155550100", body: "hello" };

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and body, without calling the service again", async () => {
    const before = upstream.count();
    const first = await send("key-same", sms);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const again = await send("key-same", sms);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(firstBody);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(upstream.count()).toBe(before + 1);
  });

  it("refuses the same key with a different body (422 naming the header)", async () => {
    expect((await send("key-mismatch", sms)).status).toBe(201);
    const res = await send("key-mismatch", { ...sms, body: "something else" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { details: Array<{ field: string }> };
    expect(body.details.map((d) => d.field)).toEqual(["Idempotency-Key"]);
  });

  it("keeps keys apart per organization", async () => {
    const before = upstream.count();
    const mine = await (await send("key-shared", sms)).json();
    const theirs = await (await send("key-shared", sms, other)).json();
    expect(theirs).not.toEqual(mine);
    expect(upstream.count()).toBe(before + 2);
  });

  it("does not remember a server error, so the client can retry with the same key", async () => {
    upstream.failNextWith(500);
    expect((await send("key-retry", sms)).status).toBe(500);
    const before = upstream.count();
    const retried = await send("key-retry", sms);
    expect(retried.status).toBe(201);
    expect(upstream.count()).toBe(before + 1);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });

  it("answers 409 while the first request with the key is still running", async () => {
    upstream.hold();
    const before = upstream.count();
    const first = send("key-racing", sms);
    await waitFor(() => upstream.count() === before + 1, { description: "the first request to arrive" });
    const second = await send("key-racing", sms);
    expect(second.status).toBe(409);
    upstream.release();
    expect((await first).status).toBe(201);
    expect((await send("key-racing", sms)).headers.get("idempotent-replayed")).toBe("true");
  });

  it("does nothing without the header, and refuses an oversized key", async () => {
    const before = upstream.count();
    await send(undefined, sms);
    await send(undefined, sms);
    expect(upstream.count()).toBe(before + 2);
    const res = await send("k".repeat(256), sms);
    expect(res.status).toBe(422);
  });
});
