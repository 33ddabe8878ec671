import { testNatsUrl, uniqueName } from "@relay/testing";
import { describe, expect, it } from "vitest";
import { connectBus } from "../src/index.js";

describe("stream settings", () => {
  it("creates streams with the configured replicas (1 here; more is refused by a single server)", async () => {
    const limits = { maxAgeMs: 3_600_000, maxBytes: -1 };
    const single = await connectBus({
      url: testNatsUrl(),
      name: "kit-replicas",
      namespace: uniqueName("replicas"),
      streamLimits: { ...limits, replicas: 1 },
    });
    const clustered = await connectBus({
      url: testNatsUrl(),
      name: "kit-replicas",
      namespace: uniqueName("replicas"),
      streamLimits: { ...limits, replicas: 3 },
    });
    try {
      await single.ensureStream("kitreplicas");
      const info = await single.jsm.streams.info(single.stream("kitreplicas.x"));
      expect(info.config.num_replicas).toBe(1);
      // The setting reaches the server: a server outside a cluster cannot keep 3 copies.
      await expect(clustered.ensureStream("kitreplicas")).rejects.toThrow(/replicas/i);
    } finally {
      await single.jsm.streams.delete(single.stream("kitreplicas.x")).catch(() => undefined);
      await single.close();
      await clustered.close();
    }
  });
});
