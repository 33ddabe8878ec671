import { contractErrors, TEST_INTERNAL_TOKEN, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailCommand, emailCommands, receiveEmail, reportEmailStatus } from "./email-flows.js";
import { type Stack, settled, startStack, type TestOrganization } from "./harness.js";

const INBOX = "support@acme.example";
const PAT = "pat@example.org";
const PUBLIC = "https://relay.example.com";

let stack: Stack;
let commands: (organizationId: string) => Promise<EmailCommand[]>;
beforeAll(async () => {
  stack = await startStack({ PUBLIC_BASE_URL: PUBLIC, EMAIL_MESSAGE_ID_DOMAIN: "mail.relay.test" });
  commands = emailCommands(stack);
});
afterAll(async () => {
  await stack?.stop();
});

type Org = TestOrganization & { channelId: string };

async function organizationWithInbox(address = INBOX): Promise<Org> {
  const org = await stack.createOrganization();
  const created = await org.core("POST", "/channels", {
    type: "email",
    name: "Support",
    address,
    timezone: "America/New_York",
    provider: "sandbox",
  });
  if (created.status !== 201) throw new Error(`creating an email channel answered ${created.status}`);
  return { ...org, channelId: created.body.data.id };
}

const send = (org: Org, extra: Record<string, unknown> = {}) =>
  org.call("POST", "/messaging/email", {
    from: INBOX,
    to: PAT,
    subject: "Your interview",
    body: "See you at 10am.\nBring your ID.",
    ...extra,
  });

const unsubscribePath = (url: string) => new URL(url).pathname;
const publicCall = (method: string, path: string, body?: string) =>
  fetch(`${stack.conversations.url}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    }),
  });

describe("POST /messaging/email", () => {
  it("answers 201 with the contract's body and hands exactly one cmd.email.send", async () => {
    const org = await organizationWithInbox();
    const sent = await send(org, {
      from: "Support@Acme.example",
      to: "Pat@Example.org",
      cc: ["boss@example.org"],
      bcc: ["audit@example.org"],
      reply_to: "hr@acme.example",
      sender_name: "Acme HR",
      attachments: ["https://files.example.com/map.pdf"],
    });
    expect(sent.status).toBe(201);
    expect(contractErrors("POST", "/messaging/email", 201, sent.body)).toEqual([]);
    expect(sent.body.data).toMatchObject({ delivery_status: "queued" });

    await settled(stack);
    const handed = await commands(org.id);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatchObject({
      message_id: sent.body.data.id,
      channel_id: org.channelId,
      from: INBOX,
      to: PAT,
      cc: ["boss@example.org"],
      bcc: ["audit@example.org"],
      reply_to: "hr@acme.example",
      sender_name: "Acme HR",
      subject: "Your interview",
      text: "See you at 10am.\nBring your ID.",
      html: "<!DOCTYPE html><html><body><p>See you at 10am.<br>Bring your ID.</p></body></html>",
      attachment_urls: ["https://files.example.com/map.pdf"],
      message_id_header: `<${sent.body.data.id}@mail.relay.test>`,
      references: [],
    });
    expect(handed[0]?.in_reply_to).toBeUndefined();
    expect(handed[0]?.list_unsubscribe_url).toBeUndefined();

    const conversation = await org.call("GET", `/conversations/${sent.body.data.conversation_id}`);
    expect(conversation.body.data).toMatchObject({ channel_type: "email", status: "open" });
    const messages = await org.call("GET", `/conversations/${sent.body.data.conversation_id}/messages`);
    expect(contractErrors("GET", "/conversations/{id}/messages", 200, messages.body)).toEqual([]);
    expect(messages.body.data[0]).toMatchObject({
      type: "email",
      direction: "OUTBOUND",
      from: INBOX,
      to: PAT,
      body: "See you at 10am.\nBring your ID.",
      email: { subject: "Your interview", message_id_header: `<${sent.body.data.id}@mail.relay.test>` },
    });
    const contacts = await org.core("POST", "/contacts/search", { email: PAT });
    expect(contacts.body.data.map((c: { id: string }) => c.id)).toEqual([sent.body.data.contact_id]);
  });

  it("derives the text part of an HTML body", async () => {
    const org = await organizationWithInbox();
    const html = "<p>Hello <b>Pat</b> &amp; team</p><p>Bye</p>";
    expect((await send(org, { body: html })).status).toBe(201);
    await settled(stack);
    const [command] = await commands(org.id);
    expect(command?.html).toBe(html);
    expect(command?.text).toBe("Hello Pat & team\nBye");
  });

  it("threads a second send on the conversation's latest Message-ID", async () => {
    const org = await organizationWithInbox();
    const first = await send(org);
    const second = await send(org, { subject: undefined, body: "One more thing" });
    expect((await send(org, { body: "And another" })).status).toBe(201);
    expect(second.body.data.conversation_id).toBe(first.body.data.conversation_id);
    await settled(stack);
    const handed = await commands(org.id);
    expect(handed).toHaveLength(3);
    const [a, b, c] = handed;
    expect(b?.in_reply_to).toBe(a?.message_id_header);
    expect(b?.references).toEqual([a?.message_id_header]);
    expect(b?.subject).toBe("Re: Your interview");
    expect(c?.in_reply_to).toBe(b?.message_id_header);
    expect(c?.references).toEqual([a?.message_id_header, b?.message_id_header]);
  });

  it("gives automated mail a one-click unsubscribe link that opts the contact out", async () => {
    const org = await organizationWithInbox();
    const sent = await send(org, { conversation_status: "automated" });
    expect(sent.status).toBe(201);
    await settled(stack);
    const [command] = await commands(org.id);
    const url = command?.list_unsubscribe_url ?? "";
    expect(url.startsWith(`${PUBLIC}/unsubscribe/`)).toBe(true);

    // The GET page only asks; it changes nothing.
    const page = await publicCall("GET", unsubscribePath(url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('method="post"');
    expect((await send(org)).status).toBe(201);

    const done = await publicCall("POST", unsubscribePath(url), "List-Unsubscribe=One-Click");
    expect(done.status).toBe(200);
    const prefs = await org.call("GET", `/contacts/${sent.body.data.contact_id}/communication_preferences`);
    expect(prefs.body.data).toEqual([
      expect.objectContaining({ channel_id: org.channelId, opt_in: false, source: "unsubscribe_link" }),
    ]);

    await settled(stack);
    const before = (await commands(org.id)).length;
    const refused = await send(org);
    expect(refused.status).toBe(422);
    expect(refused.body.details[0].field).toBe("to");
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(before);
  });

  it("refuses a token that is not ours", async () => {
    const org = await organizationWithInbox();
    await send(org, { conversation_status: "automated" });
    await settled(stack);
    const [command] = await commands(org.id);
    const path = unsubscribePath(command?.list_unsubscribe_url ?? "");
    const forged = `${path.slice(0, -3)}${path.endsWith("AAA") ? "BBB" : "AAA"}`;
    expect((await publicCall("POST", forged, "List-Unsubscribe=One-Click")).status).toBe(404);
    expect((await publicCall("GET", forged)).status).toBe(404);
    expect((await publicCall("POST", "/unsubscribe/not-a-token")).status).toBe(404);
    // Nothing changed: the contact may still be mailed.
    expect((await send(org)).status).toBe(201);
  });

  it("answers 422 naming the field", async () => {
    const org = await organizationWithInbox();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ to: "not-an-email" }, "to"],
      [{ from: "nobody@acme.example" }, "from"],
      [{ from: "+14155550100" }, "from"],
      [{ cc: ["ok@example.org", "nope"] }, "cc.1"],
      [{ reply_to: "x" }, "reply_to"],
      [{ body: "", attachments: [] }, "body"],
      [{ subject: "two\nlines" }, "subject"],
      [{ attachments: ["ftp://files.example.com/a"] }, "attachments.0"],
      [{ conversation_status: "closed" }, "conversation_status"],
    ];
    for (const [extra, field] of cases) {
      const res = await send(org, extra);
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect(contractErrors("POST", "/messaging/email", 422, res.body)).toEqual([]);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(0);
  });

  it("keeps organizations apart and requires the internal token", async () => {
    const a = await organizationWithInbox();
    const b = await stack.createOrganization();
    const sent = await send(a);
    const other = await b.call("POST", "/messaging/email", { from: INBOX, to: PAT, body: "hi" });
    expect(other.status).toBe(422);
    expect(other.body.details[0].field).toBe("from");
    expect((await b.call("GET", `/conversations/${sent.body.data.conversation_id}`)).status).toBe(404);
    const anonymous = await fetch(`${stack.conversations.url}/v1/messaging/email`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-organization-id": a.id },
      body: JSON.stringify({ from: INBOX, to: PAT, body: "hi" }),
    });
    expect(anonymous.status).toBe(401);
    const noOrg = await fetch(`${stack.conversations.url}/v1/messaging/email`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-internal-token": TEST_INTERNAL_TOKEN },
      body: JSON.stringify({ from: INBOX, to: PAT, body: "hi" }),
    });
    expect(noOrg.status).toBe(401);
  });

  it("releases a scheduled email as cmd.email.send", async () => {
    const org = await organizationWithInbox();
    const sent = await send(org, { schedule_at: new Date(Date.now() + 1500).toISOString() });
    expect(sent.body.data.delivery_status).toBe("scheduled");
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(0);
    await waitFor(async () => (await commands(org.id)).length === 1, { description: "the release" });
    const [command] = await commands(org.id);
    expect(command).toMatchObject({ message_id: sent.body.data.id, subject: "Your interview" });
  });
});

describe("email.message.received", () => {
  it("threads a reply to our Message-ID into that conversation", async () => {
    const org = await organizationWithInbox();
    const sent = await send(org);
    await settled(stack);
    const [command] = await commands(org.id);
    // Replying from another address of theirs: the thread, not the sender, decides.
    await receiveEmail(stack, org.id, {
      channel_id: org.channelId,
      from: "pat.personal@example.net",
      to: [INBOX],
      subject: "Re: Your interview",
      text: "Works for me",
      full_text: "Works for me\n\n> See you at 10am.",
      html: "<p>Works for me</p>",
      in_reply_to: command?.message_id_header,
      references: [command?.message_id_header ?? ""],
      attachments: [
        {
          filename: "cv.pdf",
          content_type: "application/pdf",
          size: 10,
          url: "https://mail.example.com/a/1",
        },
      ],
    });
    const messages = await org.call("GET", `/conversations/${sent.body.data.conversation_id}/messages`);
    expect(messages.body.total).toBe(2);
    expect(messages.body.data[0]).toMatchObject({
      direction: "INBOUND",
      type: "email",
      body: "Works for me",
      delivery_status: "received",
      attachments: ["https://mail.example.com/a/1"],
      email: {
        subject: "Re: Your interview",
        text: "Works for me\n\n> See you at 10am.",
        html: "<p>Works for me</p>",
      },
    });
    const conversation = await org.call("GET", `/conversations/${sent.body.data.conversation_id}`);
    expect(conversation.body.data.unread_count).toBe(1);

    // Our next send answers their reply.
    await send(org, { body: "Great" });
    await settled(stack);
    const last = (await commands(org.id)).at(-1);
    expect(last?.in_reply_to).toBe(messages.body.data[0].email.message_id_header);
    expect(last?.references).toEqual([
      command?.message_id_header,
      messages.body.data[0].email.message_id_header,
    ]);
  });

  it("files unthreaded mail in the contact × channel conversation, creating the contact, once", async () => {
    const org = await organizationWithInbox();
    const data = {
      channel_id: org.channelId,
      provider_message_id: "<first@mail.example.net>",
      from: "New.Person@Example.net",
      from_name: "New Person",
      to: [INBOX],
      subject: "Question",
      text: "Do you have openings?",
    };
    await receiveEmail(stack, org.id, data);
    await receiveEmail(stack, org.id, data); // the adapter delivered it twice
    const found = await org.core("POST", "/contacts/search", { email: "new.person@example.net" });
    expect(found.body.data).toHaveLength(1);
    const list = await org.call("GET", "/conversations");
    expect(list.body.total).toBe(1);
    const conversation = list.body.data[0];
    expect(conversation).toMatchObject({ contact_id: found.body.data[0].id, channel_id: org.channelId });
    const messages = await org.call("GET", `/conversations/${conversation.id}/messages`);
    expect(messages.body.total).toBe(1);
    expect(messages.body.data[0]).toMatchObject({
      from: "new.person@example.net",
      body: "Do you have openings?",
    });
  });

  it("opts out on a reply that is only STOP, with no confirmation", async () => {
    const org = await organizationWithInbox();
    const sent = await send(org);
    await receiveEmail(stack, org.id, {
      channel_id: org.channelId,
      from: PAT,
      to: [INBOX],
      text: " Unsubscribe\n",
    });
    const prefs = await org.call("GET", `/contacts/${sent.body.data.contact_id}/communication_preferences`);
    expect(prefs.body.data[0]).toMatchObject({ opt_in: false, source: "keyword" });
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(1);
    expect((await send(org)).status).toBe(422);
  });
});

describe("email.message.status", () => {
  it("moves forward only and keeps the error", async () => {
    const org = await organizationWithInbox();
    const sent = await send(org);
    const id = sent.body.data.id;
    await reportEmailStatus(stack, org.id, { message_id: id, channel_id: org.channelId, status: "sent" });
    await reportEmailStatus(stack, org.id, {
      message_id: id,
      channel_id: org.channelId,
      status: "failed",
      error_code: "421",
      error_message: "try later",
    });
    await reportEmailStatus(stack, org.id, { message_id: id, channel_id: org.channelId, status: "sent" });
    const messages = await org.call("GET", `/conversations/${sent.body.data.conversation_id}/messages`);
    expect(messages.body.data[0]).toMatchObject({
      delivery_status: "failed",
      error_code: "421",
      error_message: "try later",
    });
    expect((await send(org)).status).toBe(201); // a soft failure does not block the address
  });

  it("after a hard bounce, the next send to the address is a 422 with no command", async () => {
    const org = await organizationWithInbox();
    const sent = await send(org);
    await reportEmailStatus(stack, org.id, {
      message_id: sent.body.data.id,
      channel_id: org.channelId,
      status: "undelivered",
      error_code: "550",
      error_message: "5.1.1 user unknown",
      hard_bounce: true,
      recipient: PAT,
    });
    const messages = await org.call("GET", `/conversations/${sent.body.data.conversation_id}/messages`);
    expect(messages.body.data[0]).toMatchObject({ delivery_status: "undelivered", error_code: "550" });
    await settled(stack);
    const before = (await commands(org.id)).length;
    const refused = await send(org, { to: "PAT@example.org" });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe("to: the address bounced permanently (550 5.1.1 user unknown)");
    expect(refused.body.details[0].field).toBe("to");
    await settled(stack);
    expect(await commands(org.id)).toHaveLength(before);
    // Another address on the channel is unaffected.
    expect((await send(org, { to: "someone.else@example.org" })).status).toBe(201);
  });
});
