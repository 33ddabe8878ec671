import { withContext } from "@relay/service-kit";
import { describe, expect, it } from "vitest";
import { clientResponseHeaders, upstreamRequestHeaders } from "../src/proxy/headers.js";

const identity = {
  requestId: "req-1",
  internalToken: "internal",
  organizationId: "org-1",
  keepAuthorization: false,
};

function asRecord(pairs: string[]): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i] as string;
    record[name] = [...(record[name] ?? []), pairs[i + 1] as string];
  }
  return record;
}

describe("forwarded headers", () => {
  it("drop every hop-by-hop header, Expect, and whatever Connection names", () => {
    const sent = asRecord(
      upstreamRequestHeaders(
        [
          "Connection",
          "keep-alive, X-Hop",
          "Keep-Alive",
          "timeout=5",
          "Expect",
          "100-continue",
          "TE",
          "trailers",
          "Trailer",
          "x-sum",
          "Transfer-Encoding",
          "chunked",
          "Upgrade",
          "h2c",
          "Proxy-Authorization",
          "Basic eA==",
          "Host",
          "api.example.com",
          "X-Hop",
          "1",
          "Content-Length",
          "12",
          "Content-Type",
          "application/json",
          "X-Custom",
          "kept",
        ],
        identity,
      ),
    );
    expect(Object.keys(sent).sort()).toEqual(
      [
        "accept-encoding",
        "content-type",
        "x-custom",
        "x-internal-token",
        "x-organization-id",
        "x-request-id",
      ].sort(),
    );
    expect(sent["x-custom"]).toEqual(["kept"]);
  });

  it("never pass the client's own identity headers through", () => {
    const sent = asRecord(
      upstreamRequestHeaders(
        ["X-Internal-Token", "forged", "X-Organization-Id", "other", "Authorization", "Bearer k"],
        identity,
      ),
    );
    expect(sent["x-internal-token"]).toEqual(["internal"]);
    expect(sent["x-organization-id"]).toEqual(["org-1"]);
    expect(sent.authorization).toBeUndefined();
  });

  it("carry the gateway's own span of the client's trace", () => {
    const client = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const sent = withContext("req-1", client, () =>
      asRecord(upstreamRequestHeaders(["traceparent", client], identity)),
    );
    expect(sent.traceparent).toHaveLength(1);
    const [version, trace, span, flags] = (sent.traceparent?.[0] ?? "").split("-");
    expect([version, trace, flags]).toEqual(["00", "0af7651916cd43dd8448eb211c80319c", "01"]);
    expect(span).toMatch(/^[\da-f]{16}$/);
    expect(span).not.toBe("b7ad6b7169203331");
  });

  it("drop hop-by-hop headers from the answer too", () => {
    const answer = clientResponseHeaders({
      connection: "close, x-hop",
      "keep-alive": "timeout=5",
      "transfer-encoding": "chunked",
      "x-hop": "1",
      "content-type": "application/json",
      "set-cookie": ["a=1", "b=2"],
    });
    expect([...new Set(answer.keys())].sort()).toEqual(["content-type", "set-cookie"]);
    expect(answer.getSetCookie()).toEqual(["a=1", "b=2"]);
  });
});
