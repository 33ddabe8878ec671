import { contractErrors, schemaErrors, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_HELP_TEXT, OPT_IN_CONFIRMATION, OPT_OUT_CONFIRMATION } from "../src/services/keywords.js";
import { type PhoneCommand, phoneCommands, receive, reportStatus } from "./flows.js";
import { type Stack, settled, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const OTHER_LINE = "+14155550101";
const PAT = "+14155550111";
const AUTO = "Thanks, we'll be right with you.";

let stack: Stack;
let commands: (organizationId: string) => Promise<PhoneCommand[]>;
beforeAll(async () => {
  stack = await startStack();
  commands = phoneCommands(stack);
});
afterAll(async () => {
  await stack?.stop();
});

type Org = TestOrganization & { channelId: string };

async function organizationWithLine(extra: Record<string, unknown> = {}): Promise<Org> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE, { automatic_response_open: AUTO, ...extra }) };
}

const say = (org: Org, body: string, from = PAT) =>
  receive(stack, org.id, { channel_id: org.channelId, from, to: LINE, body });

const send = (org: Org, extra: Record<string, unknown> = {}) =>
  org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "Shift available tomorrow", ...extra });

async function contactId(org: Org, phone = PAT): Promise<string> {
  const found = await org.core("POST", "/contacts/search", { phone });
  return found.body.data[0].id;
}

const preferences = async (org: TestOrganization, id: string) =>
  (await org.call("GET", `/contacts/${id}/communication_preferences`)).body.data;

describe("opt-out keywords", () => {
  it("STOP opts the contact out, confirms once, and every later send is refused with nothing sent", async () => {
    const org = await organizationWithLine();
    await send(org);
    await say(org, "  Stop \n");
    const id = await contactId(org);

    const listed = await org.call("GET", `/contacts/${id}/communication_preferences`);
    expect(contractErrors("GET", "/contacts/{id}/communication_preferences", 200, listed.body)).toEqual([]);
    expect(listed.body.data).toEqual([
      { channel_id: org.channelId, opt_in: false, source: "keyword", updated_at: expect.any(String) },
    ]);
    let sent = await commands(org.id);
    // The earlier send, then the one confirmation: no automatic reply to a keyword.
    expect(sent.map((c) => c.body)).toEqual(["Shift available tomorrow", OPT_OUT_CONFIRMATION]);
    expect(OPT_OUT_CONFIRMATION).toContain("Reply START to resubscribe");
    expect(sent[1]).toMatchObject({ from: LINE, to: PAT, channel_id: org.channelId });

    const refused = await send(org);
    expect(refused.status).toBe(422);
    expect(contractErrors("POST", "/messaging/sms", 422, refused.body)).toEqual([]);
    expect(refused.body.error).toMatch(/opted out/);
    expect(refused.body.details).toEqual([
      { field: "to", message: "has opted out of messages on this channel" },
    ]);
    const scheduled = await send(org, { schedule_at: new Date(Date.now() + 3_600_000).toISOString() });
    expect(scheduled.status).toBe(422);

    // Another STOP, and an ordinary message: no second confirmation, no automatic reply.
    await say(org, "UNSUBSCRIBE");
    await say(org, "hello?");
    await settled(stack);
    sent = await commands(org.id);
    expect(sent).toHaveLength(2);

    const [conversation] = (await org.call("GET", "/conversations")).body.data;
    const messages = await org.call("GET", `/conversations/${conversation.id}/messages`);
    expect(messages.body.total).toBe(5); // send, STOP, confirmation, UNSUBSCRIBE, hello?
    expect(
      messages.body.data.filter((m: { delivery_status: string }) => m.delivery_status === "scheduled"),
    ).toEqual([]);
  });

  for (const keyword of ["STOPALL", "cancel", "End", "quit", "opt out", "REVOKE"]) {
    it(`"${keyword}" opts out too`, async () => {
      const org = await organizationWithLine();
      await say(org, keyword);
      expect(await preferences(org, await contactId(org))).toEqual([
        expect.objectContaining({ opt_in: false, source: "keyword" }),
      ]);
      expect((await commands(org.id)).map((c) => c.body)).toEqual([OPT_OUT_CONFIRMATION]);
    });
  }

  it("a message that merely contains STOP is an ordinary message", async () => {
    const org = await organizationWithLine();
    await say(org, "please stop by tomorrow");
    expect(await preferences(org, await contactId(org))).toEqual([]);
    expect((await commands(org.id)).map((c) => c.body)).toEqual([AUTO]);
  });

  it("START opts back in, with a confirmation, and sends go out again", async () => {
    const org = await organizationWithLine();
    await say(org, "STOP");
    await say(org, "start");
    const id = await contactId(org);
    expect(await preferences(org, id)).toEqual([
      expect.objectContaining({ opt_in: true, source: "keyword" }),
    ]);
    const sent = await send(org);
    expect(sent.status).toBe(201);
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.body)).toEqual([
      OPT_OUT_CONFIRMATION,
      OPT_IN_CONFIRMATION,
      "Shift available tomorrow",
    ]);
  });

  it("YES from a contact who never opted out records the opt-in and confirms nothing (it answers a campaign)", async () => {
    const org = await organizationWithLine();
    await say(org, "YES");
    const id = await contactId(org);
    expect(await preferences(org, id)).toEqual([
      expect.objectContaining({ opt_in: true, source: "keyword" }),
    ]);
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.body)).not.toContain(OPT_IN_CONFIRMATION);
  });

  it("an opt-out on one channel leaves the others alone", async () => {
    const org = await organizationWithLine();
    await org.createChannel(OTHER_LINE);
    await say(org, "STOP");
    expect((await send(org)).status).toBe(422);
    expect((await send(org, { from: OTHER_LINE })).status).toBe(201);
  });
});

describe("HELP", () => {
  it("answers with the channel's help text", async () => {
    const org = await organizationWithLine({ help_text: "Acme Staffing: call 555-0100 for help." });
    await say(org, "help");
    expect((await commands(org.id)).map((c) => [c.to, c.body])).toEqual([
      [PAT, "Acme Staffing: call 555-0100 for help."],
    ]);
  });

  it("answers with a default without one, and not at all to an opted-out contact", async () => {
    const org = await organizationWithLine();
    await say(org, "HELP");
    await say(org, "STOP");
    await say(org, "HELP");
    expect((await commands(org.id)).map((c) => c.body)).toEqual([DEFAULT_HELP_TEXT, OPT_OUT_CONFIRMATION]);
  });
});

describe("provider opt-out errors", () => {
  it("a 21610 failure opts the contact out and keeps the error on the message", async () => {
    const org = await organizationWithLine();
    const sent = await send(org);
    await reportStatus(stack, org.id, {
      message_id: sent.body.data.id,
      channel_id: org.channelId,
      provider_message_id: "SM21610",
      status: "failed",
      error_code: "21610",
      error_message: "Attempt to send to unsubscribed recipient",
    });
    const id = await contactId(org);
    expect(await preferences(org, id)).toEqual([
      expect.objectContaining({ channel_id: org.channelId, opt_in: false, source: "provider_error" }),
    ]);
    const messages = await org.call("GET", `/conversations/${sent.body.data.conversation_id}/messages`);
    expect(messages.body.data[0]).toMatchObject({
      delivery_status: "failed",
      error_code: "21610",
      error_message: "Attempt to send to unsubscribed recipient",
      provider_message_id: "SM21610",
    });
    expect((await send(org)).status).toBe(422);
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(1);
  });

  it("other failures do not", async () => {
    const org = await organizationWithLine();
    const sent = await send(org);
    await reportStatus(stack, org.id, {
      message_id: sent.body.data.id,
      channel_id: org.channelId,
      status: "undelivered",
      error_code: "30003",
      error_message: "Unreachable destination handset",
    });
    expect(await preferences(org, await contactId(org))).toEqual([]);
    expect((await send(org)).status).toBe(201);
  });
});

describe("communication preferences routes", () => {
  it("opt out and in by channel id or phone, answering the preference", async () => {
    const org = await organizationWithLine();
    const contact = (await org.core("POST", "/contacts", { phone: PAT, name: "Pat" })).body.data;
    expect(await preferences(org, contact.id)).toEqual([]);

    const out = await org.call("POST", `/contacts/${contact.id}/communication_preferences/opt_out`, {
      channel_id: org.channelId,
    });
    expect(out.status).toBe(200);
    expect(schemaErrors("CommunicationPreference", out.body.data)).toEqual([]);
    expect(out.body.data).toMatchObject({ channel_id: org.channelId, opt_in: false, source: "api" });
    expect((await send(org)).status).toBe(422);

    const back = await org.call("POST", `/contacts/${contact.id}/communication_preferences/opt_in`, {
      phone: "(415) 555-0100",
    });
    expect(back.status).toBe(200);
    expect(back.body.data).toMatchObject({ channel_id: org.channelId, opt_in: true, source: "api" });
    expect((await send(org)).status).toBe(201);
    expect(await preferences(org, contact.id)).toEqual([back.body.data]);
  });

  it("an explicit API opt-in lifts a STOP; opt-ins riding along on a send do not", async () => {
    const org = await organizationWithLine();
    await say(org, "STOP");
    const id = await contactId(org);
    const riding = await send(org, { opt_in_to: [{ id: org.channelId }] });
    expect(riding.status).toBe(422);
    const everywhere = await send(org, { opt_in_to_all_channels: true });
    expect(everywhere.status).toBe(422);
    expect(await preferences(org, id)).toEqual([
      expect.objectContaining({ opt_in: false, source: "keyword" }),
    ]);

    await org.call("POST", `/contacts/${id}/communication_preferences/opt_in`, { channel_id: org.channelId });
    expect((await send(org)).status).toBe(201);
  });

  it("a send's opt_in_to lifts an opt-out made through the API, and opt_in_to_all_channels covers every channel", async () => {
    const org = await organizationWithLine();
    const other = await org.createChannel(OTHER_LINE);
    const contact = (await org.core("POST", "/contacts", { phone: PAT })).body.data;
    await org.call("POST", `/contacts/${contact.id}/communication_preferences/opt_out`, {
      channel_id: org.channelId,
    });

    const sent = await send(org, { opt_in_to: [{ phone: LINE }] });
    expect(sent.status).toBe(201);
    expect(await preferences(org, contact.id)).toEqual([
      expect.objectContaining({ channel_id: org.channelId, opt_in: true, source: "send_opt_in" }),
    ]);

    await send(org, { opt_in_to_all_channels: true });
    const now = await preferences(org, contact.id);
    expect(now.map((p: { channel_id: string }) => p.channel_id).sort()).toEqual(
      [org.channelId, other].sort(),
    );
    expect(now.every((p: { opt_in: boolean }) => p.opt_in)).toBe(true);
  });

  it("apply the opt-ins a contact is created with", async () => {
    const org = await organizationWithLine();
    const contact = (await org.core("POST", "/contacts", { phone: PAT, opt_in_to: [{ id: org.channelId }] }))
      .body.data;
    const found = await waitFor(async () => {
      const now = await preferences(org, contact.id);
      return now.length > 0 && now;
    });
    expect(found).toEqual([
      expect.objectContaining({ channel_id: org.channelId, opt_in: true, source: "contact_created" }),
    ]);
  });

  it("answer 404 for an unknown contact or another organization's", async () => {
    const org = await organizationWithLine();
    const other = await stack.createOrganization();
    const theirs = (await other.core("POST", "/contacts", { phone: PAT })).body.data;
    for (const id of [crypto.randomUUID(), theirs.id, "not-a-uuid"]) {
      expect((await org.call("GET", `/contacts/${id}/communication_preferences`)).status).toBe(404);
      for (const verb of ["opt_in", "opt_out"]) {
        const res = await org.call("POST", `/contacts/${id}/communication_preferences/${verb}`, {
          channel_id: org.channelId,
        });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ code: "not_found", error: "contact not found" });
      }
    }
    expect(await preferences(other, theirs.id)).toEqual([]);
  });

  it("answer 404 for a deleted contact", async () => {
    const org = await organizationWithLine();
    const contact = (await org.core("POST", "/contacts", { phone: PAT })).body.data;
    expect(await preferences(org, contact.id)).toEqual([]);
    await org.core("DELETE", `/contacts/${contact.id}`);
    await waitFor(
      async () => (await org.call("GET", `/contacts/${contact.id}/communication_preferences`)).status === 404,
    );
  });

  it("answer 422 naming the field for a channel that is not the organization's", async () => {
    const org = await organizationWithLine();
    const other = await stack.createOrganization();
    const theirChannel = await other.createChannel(OTHER_LINE);
    const contact = (await org.core("POST", "/contacts", { phone: PAT })).body.data;
    const cases: Array<[unknown, string]> = [
      [{ channel_id: theirChannel }, "channel_id"],
      [{ channel_id: crypto.randomUUID() }, "channel_id"],
      [{ phone: OTHER_LINE }, "phone"],
      [{ channel_id: "nope" }, "channel_id"],
      [{}, "channel_id"],
      [{ channel_id: org.channelId, phone: LINE }, "channel_id"],
      [{ channel_id: org.channelId, extra: true }, "extra"],
    ];
    for (const [body, field] of cases) {
      const res = await org.call("POST", `/contacts/${contact.id}/communication_preferences/opt_out`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await preferences(org, contact.id)).toEqual([]);
  });
});
