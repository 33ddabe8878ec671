import { contractErrors, schemaErrors } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneChannel, SECRETS, SMTP, TWILIO, WEEKDAY_HOURS, WHATSAPP } from "./channel-fixtures.js";
import { type CoreHarness, startCore } from "./harness.js";
import {
  createOrganization,
  type EventLog,
  eventLog,
  fieldsOf,
  seenBodies,
  type TestOrganization,
} from "./org-fixtures.js";

let core: CoreHarness;
let log: EventLog;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  core = await startCore();
  log = await eventLog(core);
  org = await createOrganization(core, { name: "Channels Inc" });
  other = await createOrganization(core, { name: "Other Inc", default_country: "GB" });
});
afterAll(async () => {
  await log?.close();
  await core?.stop();
});

describe("creating channels", () => {
  it("creates a phone channel, normalizing the number with the organization's country", async () => {
    const res = await org.call("POST", "/channels", phoneChannel("(415) 555-2671"));
    expect(res.status).toBe(201);
    const channel = res.body.data;
    expect(schemaErrors("Channel", channel)).toEqual([]);
    expect(channel).toMatchObject({
      type: "phone",
      name: "Front desk",
      description: "Main line",
      phone: "+14155552671",
      timezone: "America/Chicago",
      color: "#3366ff",
      emoji: "📞",
      automatic_response_open: "Thanks, we'll be right with you.",
      automatic_response_closed: "We're closed; we'll answer tomorrow.",
      help_text: "Reply STOP to opt out.",
      provider: "twilio",
      has_credentials: true,
      send_rate: 5,
    });
    expect(channel).not.toHaveProperty("address");
    expect(channel).not.toHaveProperty("credentials");
    expect(channel.opening_hours.map(({ id: _, ...hour }: { id: string }) => hour)).toEqual(WEEKDAY_HOURS);

    const shown = await org.call("GET", `/channels/${channel.id}`);
    expect(shown.status).toBe(200);
    expect(contractErrors("GET", "/channels/{id}", 200, shown.body)).toEqual([]);
    expect(shown.body.data).toEqual(channel);
  });

  it("reads national numbers in the organization's own country", async () => {
    const res = await other.call("POST", "/channels", phoneChannel("020 7946 0018"));
    expect(res.status).toBe(201);
    expect(res.body.data.phone).toBe("+442079460018");
  });

  it("creates email and WhatsApp channels, and sandbox channels with defaults", async () => {
    const email = await org.call("POST", "/channels", {
      type: "email",
      name: "Support",
      address: "support@acme.example",
      provider: "smtp",
      credentials: SMTP,
    });
    expect(email.status).toBe(201);
    expect(email.body.data).toMatchObject({
      type: "email",
      address: "support@acme.example",
      provider: "smtp",
    });
    expect(email.body.data).not.toHaveProperty("phone");
    expect(schemaErrors("Channel", email.body.data)).toEqual([]);

    const whatsapp = await org.call("POST", "/channels", {
      type: "whatsapp",
      name: "WhatsApp",
      phone: "+14155552671",
      provider: "whatsapp_cloud",
      credentials: WHATSAPP,
    });
    expect(whatsapp.status).toBe(201);
    expect(whatsapp.body.data).toMatchObject({
      type: "whatsapp",
      phone: "+14155552671",
      has_credentials: true,
    });

    const sandbox = await org.call("POST", "/channels", {
      type: "phone",
      name: "Test line",
      phone: "+14155550100",
    });
    expect(sandbox.status).toBe(201);
    expect(sandbox.body.data).toMatchObject({
      provider: "sandbox",
      has_credentials: false,
      send_rate: 1,
      timezone: "America/New_York",
      opening_hours: [],
    });
    expect(schemaErrors("Channel", sandbox.body.data)).toEqual([]);
  });
});

describe("reading, updating and deleting channels", () => {
  it("lists the organization's channels as the contract's ChannelList, with a total", async () => {
    const fresh = await createOrganization(core);
    for (const n of [1, 2, 3]) await fresh.call("POST", "/channels", phoneChannel(`+1415555020${n}`));
    const list = await fresh.call("GET", "/channels");
    expect(list.status).toBe(200);
    expect(contractErrors("GET", "/channels", 200, list.body)).toEqual([]);
    expect(list.body.organization_id).toBe(fresh.id);
    expect(list.body.total).toBe(3);
    expect(list.body.data.map((c: { phone: string }) => c.phone)).toEqual([
      "+14155550201",
      "+14155550202",
      "+14155550203",
    ]);
    const page = await fresh.call("GET", "/channels?limit=1&offset=1");
    expect(page.body.total).toBe(3);
    expect(page.body.data.map((c: { phone: string }) => c.phone)).toEqual(["+14155550202"]);
    expect((await fresh.call("GET", "/channels?limit=0")).status).toBe(422);
  });

  it("updates only the given fields and replaces opening hours", async () => {
    const channel = (await org.call("POST", "/channels", phoneChannel("+14155550300"))).body.data;
    const renamed = await org.call("PUT", `/channels/${channel.id}`, { name: "Renamed" });
    expect(renamed.status).toBe(200);
    const { updated_at: _a, name: _n, ...rest } = channel;
    expect(renamed.body.data).toMatchObject({ ...rest, name: "Renamed" });

    const hours = [{ weekday: "Friday", opens_at: "10:30", closes_at: "14:00" }];
    const rehoured = await org.call("PUT", `/channels/${channel.id}`, {
      opening_hours: hours,
      description: null,
      phone: "415 555 0301",
      timezone: "Europe/Paris",
      send_rate: 0.5,
    });
    expect(rehoured.status).toBe(200);
    expect(rehoured.body.data.opening_hours).toEqual([
      { id: expect.any(String), ...hours[0], state: "open" },
    ]);
    expect(rehoured.body.data).not.toHaveProperty("description");
    expect(rehoured.body.data).toMatchObject({
      phone: "+14155550301",
      timezone: "Europe/Paris",
      send_rate: 0.5,
    });
    expect((await org.call("GET", `/channels/${channel.id}`)).body.data).toEqual(rehoured.body.data);
  });

  it("switches providers: sandbox drops the credentials, a real provider needs them", async () => {
    const channel = (await org.call("POST", "/channels", phoneChannel("+14155550400"))).body.data;
    const sandboxed = await org.call("PUT", `/channels/${channel.id}`, { provider: "sandbox" });
    expect(sandboxed.body.data).toMatchObject({ provider: "sandbox", has_credentials: false });

    const bare = await org.call("PUT", `/channels/${channel.id}`, { provider: "twilio" });
    expect(bare.status).toBe(422);
    expect(fieldsOf(bare)).toEqual(
      expect.arrayContaining(["credentials.account_sid", "credentials.auth_token"]),
    );

    const back = await org.call("PUT", `/channels/${channel.id}`, {
      provider: "twilio",
      credentials: TWILIO,
    });
    expect(back.body.data).toMatchObject({ provider: "twilio", has_credentials: true });
    const partial = await org.call("PUT", `/channels/${channel.id}`, { credentials: { auth_token: "new" } });
    expect(partial.status).toBe(422);
    expect(fieldsOf(partial)).toEqual(["credentials.account_sid"]);
  });

  it("deletes a channel", async () => {
    const channel = (await org.call("POST", "/channels", phoneChannel("+14155550600"))).body.data;
    const deleted = await org.call("DELETE", `/channels/${channel.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ data: { id: channel.id, deleted: true } });
    expect((await org.call("GET", `/channels/${channel.id}`)).status).toBe(404);
    expect((await org.call("DELETE", `/channels/${channel.id}`)).status).toBe(404);
    const reused = await org.call("POST", "/channels", phoneChannel("+14155550600"));
    expect(reused.status).toBe(201);
  });

  it("answers 404 for another organization's channel on every /{id} route, and for malformed ids", async () => {
    const theirs = (await other.call("POST", "/channels", phoneChannel("+14155550700"))).body.data;
    const routes = [
      ["GET", "", undefined],
      ["PUT", "", { name: "Mine" }],
      ["DELETE", "", undefined],
      ["GET", "/users", undefined],
      ["PUT", "/users", { user_ids: [] }],
    ] as const;
    for (const [method, suffix, body] of routes) {
      for (const id of [theirs.id, "not-a-uuid", crypto.randomUUID()]) {
        const res = await org.call(method, `/channels/${id}${suffix}`, body);
        expect(res.status, `${method} ${suffix} ${id}`).toBe(404);
        expect(res.body).toMatchObject({ status: 404, code: "not_found" });
      }
    }
    expect((await other.call("GET", `/channels/${theirs.id}`)).body.data).toEqual(theirs);
    const list = await org.call("GET", "/channels?limit=500");
    expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(theirs.id);
  });
});

describe("channel events", () => {
  it("announces created, updated and deleted channels without credentials", async () => {
    const channel = (await org.call("POST", "/channels", phoneChannel("+14155550800"))).body.data;
    await org.call("PUT", `/channels/${channel.id}`, { name: "Evented", credentials: TWILIO });
    await org.call("DELETE", `/channels/${channel.id}`);
    const isChannel = (e: { data: unknown }) => (e.data as { id: string }).id === channel.id;
    const created = await log.waitForEvent("core.channel.created", isChannel);
    expect(created.organization_id).toBe(org.id);
    expect(created.data).toEqual({ ...channel, user_ids: [] });
    const updated = await log.waitForEvent("core.channel.updated", isChannel);
    expect(updated.data).toMatchObject({ name: "Evented", has_credentials: true, provider: "twilio" });
    const deleted = await log.waitForEvent("core.channel.deleted", isChannel);
    expect(deleted.data).toEqual({ id: channel.id, type: "phone" });
  });

  it("never put credentials in an event", async () => {
    const events = await log.events();
    expect(events.filter((e) => e.type.startsWith("core.channel.")).length).toBeGreaterThan(8);
    for (const event of events) {
      const text = JSON.stringify(event);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toContain('"credentials"');
    }
  });
});

describe("secrets", () => {
  it("never returned credentials in any response", () => {
    expect(seenBodies.length).toBeGreaterThan(25);
    for (const body of seenBodies) {
      for (const secret of SECRETS) expect(body).not.toContain(secret);
      expect(body).not.toContain(TWILIO.account_sid);
    }
  });
});
