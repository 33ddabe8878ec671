import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { contractErrors, deliverBounce, deliverMail, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Sent {
  data: { id: string; contact_id: string; conversation_id: string; delivery_status: string };
  error?: string;
  details?: Array<{ field: string }>;
}
interface Message {
  direction: string;
  body?: string;
  delivery_status: string;
  error_message?: string;
}

const CHANNEL = "jobs@acme.example";
let stack: Stack;
let org: Organization;

const sendEmail = (body: Record<string, unknown>) =>
  org.api<Sent>("POST", "/messaging/email", { from: CHANNEL, ...body });
const messagesOf = async (conversationId: string) =>
  (await org.api<{ data: Message[] }>("GET", `/conversations/${conversationId}/messages`)).body.data;

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("Mail Org");
  const channel = await org.api("POST", "/channels", { type: "email", name: "Jobs", address: CHANNEL });
  expect(channel.status).toBe(201);
});
afterAll(() => stack.stop());

describe("email end to end, through the gateway and the SMTP sink", () => {
  it("sends exactly what was asked, with our Message-ID and both parts", async () => {
    const res = await sendEmail({
      to: "ana@example.com",
      subject: "Your shift",
      body: "<p>See you at <b>9</b>.</p>",
      cc: ["boss@example.com"],
      bcc: ["audit@example.com"],
      reply_to: "dispatch@acme.example",
      sender_name: "Acme Dispatch",
    });
    expect(res.status).toBe(201);
    expect(contractErrors("POST", "/messaging/email", 201, res.body)).toEqual([]);
    const mail = await stack.smtp.waitForMail((m) => m.subject === "Your shift");
    expect(mail.envelope.to.sort()).toEqual(["ana@example.com", "audit@example.com", "boss@example.com"]);
    expect(mail.header("from")).toContain("Acme Dispatch");
    expect(mail.html).toContain("<b>9</b>");
    expect(mail.text).toContain("See you at 9.");
    expect(mail.messageId).toBe(`<${res.body.data.id}@relay.local>`);
    expect(mail.header("reply-to")).toContain("dispatch@acme.example");
    expect(mail.header("list-unsubscribe")).toBeFalsy();
  });

  it("threads a reply into the same conversation, without the quoted history", async () => {
    const sent = await sendEmail({ to: "ben@example.com", subject: "Availability", body: "Free on Friday?" });
    const ours = await stack.smtp.waitForMail((m) => m.subject === "Availability");
    const ourId = ours.messageId ?? "";
    await deliverMail({
      port: stack.emailSmtpPort,
      from: "ben@example.com",
      to: CHANNEL,
      subject: "Re: Availability",
      text: "Yes, Friday works.\n\nOn Mon, Jobs wrote:\n> Free on Friday?",
      inReplyTo: ourId,
      references: [ourId],
    });
    const messages = await waitFor(async () => {
      const list = await messagesOf(sent.body.data.conversation_id);
      return list.some((m) => m.direction === "INBOUND") && list;
    });
    expect(messages[0]).toMatchObject({
      direction: "INBOUND",
      body: "Yes, Friday works.",
      delivery_status: "received",
    });

    const followUp = await sendEmail({ to: "ben@example.com", body: "Great, booked." });
    expect(followUp.body.data.conversation_id).toBe(sent.body.data.conversation_id);
    const threaded = await stack.smtp.waitForMail((m) => (m.text ?? "").includes("Great, booked."));
    expect(threaded.inReplyTo).toBeTruthy();
    expect(threaded.references).toContain(ourId);
  });

  it("one-click unsubscribe opts out; the next send is refused and reaches nobody", async () => {
    const res = await sendEmail({
      to: "cara@example.com",
      subject: "Weekly jobs",
      body: "New jobs this week",
      conversation_status: "automated",
    });
    expect(res.status).toBe(201);
    const mail = await stack.smtp.waitForMail((m) => m.subject === "Weekly jobs");
    expect(mail.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const url = /<([^>]+)>/.exec(mail.header("list-unsubscribe") ?? "")?.[1] ?? "";
    expect(url.startsWith(`${stack.gatewayUrl}/unsubscribe/`)).toBe(true);

    const forged = await fetch(`${url.slice(0, -4)}AAAA`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
    });
    expect(forged.status).toBe(404);
    const click = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(click.status).toBe(200);

    const refused = await sendEmail({ to: "cara@example.com", subject: "Still there?", body: "x" });
    expect(refused.status).toBe(422);
    expect(stack.smtp.mails.some((m) => m.subject === "Still there?")).toBe(false);
  });

  it("a bounce marks the message undelivered and the next send fails fast", async () => {
    const res = await sendEmail({ to: "gone@example.com", subject: "Hello?", body: "Anyone?" });
    const ours = await stack.smtp.waitForMail((m) => m.subject === "Hello?");
    await deliverBounce({
      port: stack.emailSmtpPort,
      to: CHANNEL,
      originalMessageId: ours.messageId ?? "",
      recipient: "gone@example.com",
      status: "5.1.1",
      diagnostic: "smtp; 550 5.1.1 user unknown",
    });
    const bounced = await waitFor(async () => {
      const [message] = await messagesOf(res.body.data.conversation_id);
      return message?.delivery_status === "undelivered" && message;
    });
    expect(bounced.error_message).toMatch(/user unknown/);
    const next = await sendEmail({ to: "gone@example.com", subject: "Again", body: "x" });
    expect(next.status).toBe(422);
    expect(next.body.details?.map((d) => d.field)).toContain("to");
  });

  it("refuses bad input with 422 naming the field, and another organization's routes stay apart", async () => {
    const bad = await sendEmail({ to: "not-an-email", body: "x" });
    expect(bad.status).toBe(422);
    expect(bad.body.details?.map((d) => d.field)).toContain("to");
    const unknown = await org.api<Sent>("POST", "/messaging/email", {
      from: "nobody@else.example",
      to: "a@example.com",
      body: "x",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details?.map((d) => d.field)).toContain("from");
    const other = await stack.createOrganization("Other Mail Org");
    const foreign = await other.api<Sent>("POST", "/messaging/email", {
      from: CHANNEL,
      to: "a@example.com",
      body: "x",
    });
    expect(foreign.status).toBe(422);
  });
});
