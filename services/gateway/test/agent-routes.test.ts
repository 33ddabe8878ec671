import { describe, expect, it } from "vitest";
import { agentMayCall } from "../src/auth/agent-routes.js";

describe("what an agent's session may call", () => {
  it("allows the inbox: conversations, sends, contacts and reads of channels, users, teams", () => {
    expect(agentMayCall("GET", "/v1/conversations")).toBe(true);
    expect(agentMayCall("PUT", "/v1/conversations/abc")).toBe(true);
    expect(agentMayCall("POST", "/v1/conversations/search")).toBe(true);
    expect(agentMayCall("POST", "/v1/messaging/sms")).toBe(true);
    expect(agentMayCall("POST", "/v1/messaging/note")).toBe(true);
    expect(agentMayCall("POST", "/v1/contacts/abc/communication_preferences/opt_out")).toBe(true);
    expect(agentMayCall("HEAD", "/v1/channels")).toBe(true);
    expect(agentMayCall("GET", "/v1/users")).toBe(true);
    expect(agentMayCall("GET", "/v1/automations/templates/abc")).toBe(true);
  });

  it("refuses settings, keys, bulk and campaign sends, and deletes", () => {
    expect(agentMayCall("GET", "/v1/api_keys")).toBe(false);
    expect(agentMayCall("POST", "/v1/users")).toBe(false);
    expect(agentMayCall("PUT", "/v1/channels/abc/users")).toBe(false);
    expect(agentMayCall("POST", "/v1/messaging/sms/campaign")).toBe(false);
    expect(agentMayCall("POST", "/v1/messaging/bulk")).toBe(false);
    expect(agentMayCall("POST", "/v1/conversations/search/more")).toBe(false);
    expect(agentMayCall("DELETE", "/v1/contacts/abc")).toBe(false);
    expect(agentMayCall("GET", "/v1/campaigns")).toBe(false);
    expect(agentMayCall("GET", "/v1/sequences")).toBe(false);
    expect(agentMayCall("POST", "/v1/automations/templates")).toBe(false);
    expect(agentMayCall("PUT", "/v1/automations/templates/abc")).toBe(false);
  });
});
