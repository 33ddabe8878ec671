import { MessageCreated } from "@relay/domain";
import { namedLookup, WebhookReceiver, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openService, registerEndpoint, type Service, sampleMessage } from "./harness.js";

/** Names the test controls: `rebind.test` resolves to a public address at first, then to a private one. */
const names = new Map<string, string>([
  ["private.test", "10.1.2.3"],
  ["metadata.test", "169.254.169.254"],
  ["rebind.test", "93.184.216.34"],
]);
const lookup = namedLookup(names);

let strict: Service;
let local: Service;
let receiver: WebhookReceiver;

beforeAll(async () => {
  strict = await openService({ env: { WEBHOOKS_ALLOW_LOCALHOST: "false" }, lookup });
  local = await openService();
  receiver = await WebhookReceiver.start();
});
afterAll(async () => {
  await receiver?.stop();
  await strict?.close();
  await local?.close();
});

describe("SSRF-safe egress", () => {
  it.each([
    ["https://127.0.0.1/hook", /private address/],
    ["https://10.0.0.8/hook", /private address/],
    ["https://169.254.169.254/latest/meta-data", /private address/],
    ["https://[::1]/hook", /private address/],
    ["https://localhost/hook", /this machine/],
    ["https://private.test/hook", /resolves to a private address \(10\.1\.2\.3\)/],
    ["https://metadata.test/hook", /resolves to a private address \(169\.254\.169\.254\)/],
    ["http://example.com/hook", /https/],
    ["ftp://example.com/hook", /https/],
  ])("refuses %s at registration (422 naming url)", async (url, reason) => {
    const res = await strict.api<{ details: { field: string; message: string }[] }>(
      crypto.randomUUID(),
      "POST",
      "/developers/endpoints",
      { url, event_types: ["*"] },
    );
    expect(res.status).toBe(422);
    expect(res.body.details[0]?.field).toBe("url");
    expect(res.body.details[0]?.message).toMatch(reason);
  });

  it("refuses a name that resolves to a private address when delivering (checked at connect)", async () => {
    const organizationId = crypto.randomUUID();
    const endpoint = await registerEndpoint(strict, organizationId, "https://rebind.test/hook");
    names.set("rebind.test", "127.0.0.1");
    await strict.publish(MessageCreated, organizationId, sampleMessage());
    const delivery = await waitFor(async () => {
      const res = await strict.api<{
        data: { attempts: number; error: string | null; response_code: number | null }[];
      }>(organizationId, "GET", `/developers/endpoints/${endpoint.id}/deliveries`);
      return res.body.data[0]?.attempts === 1 && res.body.data[0];
    });
    expect(delivery.response_code).toBeNull();
    expect(delivery.error).toMatch(/refused: resolves to a private address \(127\.0\.0\.1\)/);
  });

  it("never follows a redirect (to the metadata address or anywhere)", async () => {
    const organizationId = crypto.randomUUID();
    receiver.behave("/redirects", { redirect: `${receiver.url}/target` });
    const endpoint = await registerEndpoint(local, organizationId, `${receiver.url}/redirects`);
    receiver.trust("/redirects", endpoint.secret);
    await local.publish(MessageCreated, organizationId, sampleMessage());
    const delivery = await waitFor(async () => {
      const res = await local.api<{
        data: { attempts: number; status: string; response_code: number | null }[];
      }>(organizationId, "GET", `/developers/endpoints/${endpoint.id}/deliveries`);
      return res.body.data[0]?.attempts === 1 && res.body.data[0];
    });
    expect(delivery).toMatchObject({ status: "pending", response_code: 302 });
    expect(receiver.at("/target")).toHaveLength(0);
  });

  it("with the operator's setting, allows http to this machine only", async () => {
    const organizationId = crypto.randomUUID();
    const ok = await local.api(organizationId, "POST", "/developers/endpoints", {
      url: "http://localhost:9/hook",
      event_types: ["*"],
    });
    expect(ok.status).toBe(201);
    for (const url of ["http://10.0.0.8/hook", "https://169.254.169.254/", "http://example.com/hook"]) {
      const res = await local.api(organizationId, "POST", "/developers/endpoints", {
        url,
        event_types: ["*"],
      });
      expect(res.status).toBe(422);
    }
  });
});
