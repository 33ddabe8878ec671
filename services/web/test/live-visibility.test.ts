import { describe, expect, it } from "vitest";
import { type LiveEvent, type Subscriber, visibleTo } from "../src/live/hub.js";

const ORG = "11111111-1111-4111-8111-111111111111";
const CHANNEL = "22222222-2222-4222-8222-222222222222";
const OTHER = "33333333-3333-4333-8333-333333333333";
const subscriber = (admin: boolean, scope?: string[]): Subscriber => ({
  organizationId: ORG,
  scope: scope && new Set(scope),
  admin,
  push: () => undefined,
});
const event = (change: Partial<LiveEvent>): LiveEvent => ({
  seq: 1,
  organization_id: ORG,
  channel_id: CHANNEL,
  type: "message.created",
  data: {},
  admins_only: false,
  ...change,
});

describe("who a live event is streamed to", () => {
  it("admins-only events (campaigns') reach the organization's admins, never an agent", () => {
    const campaign = event({ type: "campaign.updated", channel_id: null, admins_only: true });
    expect(visibleTo(subscriber(true), campaign)).toBe(true);
    expect(visibleTo(subscriber(false, [CHANNEL]), campaign)).toBe(false);
    expect(visibleTo({ ...subscriber(true), organizationId: OTHER }, campaign)).toBe(false);
  });

  it("channel events keep their rule: an agent's channels, everything for an admin", () => {
    expect(visibleTo(subscriber(false, [CHANNEL]), event({}))).toBe(true);
    expect(visibleTo(subscriber(false, [OTHER]), event({}))).toBe(false);
    expect(visibleTo(subscriber(true), event({}))).toBe(true);
    expect(visibleTo(subscriber(true), event({ organization_id: OTHER }))).toBe(false);
  });
});
