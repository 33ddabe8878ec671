import { describe, expect, it } from "vitest";
import { extractApiKey } from "../src/auth/extract-key.js";
import { serviceFor } from "../src/proxy/routing-table.js";

describe("serviceFor", () => {
  it.each([
    ["/v1/contacts", "core"],
    ["/v1/contacts/", "core"],
    ["/v1/contacts/abc/communication_preferences", "conversations"],
    ["/v1/contacts/abc/communication_preferences/opt_in", "conversations"],
    ["/v1/contacts/abc/communication_preferencesx", "core"],
    ["/v1/api_keys/abc", "core"],
    ["/v1/messaging/email", "conversations"],
    ["/v1/conversations", "conversations"],
    ["/v1/sequences", "sequences"],
    ["/v1/sequences/runs", "sequences"],
    ["/v1/sequences/abc/contacts", "sequences"],
    ["/v1/sequences/abc/sequence_runs/def", "sequences"],
    ["/v1/contacts/abc/sequences", "sequences"],
    ["/v1/contacts/abc/tags/def", "core"],
    ["/v1/tags/abc", "core"],
    ["/v1/automations/templates", "core"],
    ["/v1/automations/templates/abc", "core"],
    ["/v1/automations", undefined],
    ["/v1/messaging/note", "conversations"],
    ["/v1/sequencesx", undefined],
    ["/v1/developers/endpoints", "webhooks"],
    ["/v1/developers/applications/abc", "webhooks"],
    ["/v1/custom_events/bulk", "webhooks"],
    ["/v1/contacts/abc/events", "webhooks"],
    ["/v1/contacts/abc/campaigns", "campaigns"],
    ["/v1/contacts/abc/communication_preferences/history", "conversations"],
    ["/v1/contacts/abc", "core"],
    ["/v1/contactsx", undefined],
    ["/v1/contacts%2F..%2Fadmin", undefined],
    ["/v2/contacts", undefined],
    ["/v1", undefined],
  ])("%s → %s", (path, service) => {
    expect(serviceFor(path)).toBe(service);
  });
});

describe("extractApiKey", () => {
  const headers = (init: Record<string, string>) => new Headers(init);

  it("prefers X-WHIPPY-KEY, then a Bearer token of any case", () => {
    expect(extractApiKey(headers({ "x-whippy-key": "a", authorization: "Bearer b" }))).toBe("a");
    expect(extractApiKey(headers({ authorization: "bearer  b " }))).toBe("b");
  });

  it("refuses no key, another scheme, and keys that cannot be keys", () => {
    const refused: Record<string, string>[] = [
      {},
      { authorization: "Basic abc" },
      { "x-whippy-key": "a b" },
      { "x-whippy-key": "k".repeat(201) },
    ];
    for (const init of refused) {
      expect(() => extractApiKey(headers(init))).toThrowError(/API key/);
    }
  });
});
