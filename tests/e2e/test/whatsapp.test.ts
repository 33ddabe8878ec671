import { type Organization, type Stack, startStack, WHATSAPP_NUMBER } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWhatsAppChannel } from "./web-helpers.js";

interface Sent {
  data: { id: string; contact_id: string; conversation_id: string; delivery_status: string };
  error?: string;
  details?: Array<{ field: string }>;
}
interface Message {
  id: string;
  direction: string;
  body?: string;
  delivery_status: string;
}

let stack: Stack;
let org: Organization;
const webhook = () => `${stack.gatewayUrl}/webhooks/whatsapp`;
const FROM = WHATSAPP_NUMBER.phone;

const sendWhatsApp = (body: Record<string, unknown>) =>
  org.api<Sent>("POST", "/messaging/whatsapp", { from: FROM, ...body });
const messagesOf = async (conversationId: string) =>
  (await org.api<{ data: Message[] }>("GET", `/conversations/${conversationId}/messages`)).body.data;
const inbound = (from: string, body: string, id?: string) =>
  stack.whatsapp.sendInboundText({
    url: webhook(),
    phoneNumberId: WHATSAPP_NUMBER.phoneNumberId,
    displayPhoneNumber: FROM.slice(1),
    from,
    body,
    ...(id ? { id } : {}),
  });

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("WhatsApp Org");
  await createWhatsAppChannel(org, "WhatsApp line");
});
afterAll(() => stack.stop());

describe("WhatsApp end to end, through the gateway and the Graph API fake", () => {
  it("answers Meta's verification handshake only for the channel's token", async () => {
    const ok = await stack.whatsapp.verify({
      url: webhook(),
      token: WHATSAPP_NUMBER.verifyToken,
      challenge: "1234",
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("1234");
    const wrong = await stack.whatsapp.verify({ url: webhook(), token: "not-the-token", challenge: "1234" });
    expect(wrong.status).toBe(403);
  });

  it("enforces the 24-hour window: free-form refused, template sent, free-form after the contact writes", async () => {
    const to = "+14155553001";
    const refused = await sendWhatsApp({ to, body: "Hi there" });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/24-hour|template/i);

    const template = await sendWhatsApp({ to, template: { name: "shift_offer", language: "en_US" } });
    expect(template.status).toBe(201);
    const sentTemplate = await stack.whatsapp.waitForMessage(
      (m) => m.to === to.slice(1) && m.type === "template",
    );
    expect(sentTemplate.body).toMatchObject({
      messaging_product: "whatsapp",
      template: { name: "shift_offer" },
    });

    expect((await inbound(to, "Tell me more")).status).toBe(200);
    await waitFor(async () => {
      const list = await messagesOf(template.body.data.conversation_id);
      return list.some((m) => m.direction === "INBOUND" && m.body === "Tell me more");
    });
    const freeForm = await sendWhatsApp({ to, body: "It starts at 9." });
    expect(freeForm.status).toBe(201);
    const text = await stack.whatsapp.waitForMessage((m) => m.to === to.slice(1) && m.type === "text");
    expect(text.body).toMatchObject({ text: { body: "It starts at 9." } });

    // Meta's statuses move it forward; `read` is kept.
    for (const status of ["delivered", "read"] as const) {
      await stack.whatsapp.sendStatus({
        url: webhook(),
        phoneNumberId: WHATSAPP_NUMBER.phoneNumberId,
        wamid: text.wamid,
        status,
      });
    }
    await waitFor(async () => {
      const list = await messagesOf(freeForm.body.data.conversation_id);
      return list.find((m) => m.id === freeForm.body.data.id)?.delivery_status === "read";
    });
  });

  it("refuses a webhook with a bad signature and stores a duplicate once", async () => {
    const forged = await stack.whatsapp.sendInboundText({
      url: webhook(),
      phoneNumberId: WHATSAPP_NUMBER.phoneNumberId,
      displayPhoneNumber: FROM.slice(1),
      from: "+14155553002",
      body: "forged",
      appSecret: "not-the-app-secret",
    });
    expect(forged.status).toBe(403);

    const first = await inbound("+14155553003", "only once");
    expect((await inbound("+14155553003", "only once", first.id)).status).toBe(200);
    await inbound("+14155553003", "dup-check marker");
    const messages = await waitFor(async () => {
      const search = await org.api<{ data: Array<{ id: string }> }>("POST", "/conversations/search", {
        query: "dup-check marker",
      });
      const conversation = search.body.data[0];
      const list = conversation ? await messagesOf(conversation.id) : [];
      return list.some((m) => m.body === "dup-check marker") && list;
    });
    expect(messages.filter((m) => m.body === "only once")).toHaveLength(1);
    const contacts = await org.api<{ data: unknown[] }>("POST", "/contacts/search", {
      phone: "+14155553002",
    });
    expect(contacts.body.data).toEqual([]);
  });

  it("STOP opts the contact out through the same consent ledger", async () => {
    const to = "+14155553004";
    await inbound(to, "hello");
    const first = await waitFor(async () => {
      const res = await sendWhatsApp({ to, body: "Welcome" });
      return res.status === 201 && res;
    });
    await inbound(to, "STOP");
    await waitFor(async () => {
      const prefs = await org.api<{ data: Array<{ opt_in: boolean }> }>(
        "GET",
        `/contacts/${first.body.data.contact_id}/communication_preferences`,
      );
      return prefs.body.data.some((p) => !p.opt_in);
    });
    const refused = await sendWhatsApp({ to, body: "Still there?" });
    expect(refused.status).toBe(422);
    expect(stack.whatsapp.messages.some((m) => JSON.stringify(m.body).includes("Still there?"))).toBe(false);
  });

  it("answers bad input with 422 naming the field", async () => {
    const unknown = await org.api<Sent>("POST", "/messaging/whatsapp", {
      from: "+19999999999",
      to: "+14155553005",
      template: { name: "x", language: "en" },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details?.map((d) => d.field)).toContain("from");
    const empty = await sendWhatsApp({ to: "+14155553005" });
    expect(empty.status).toBe(422);
  });
});
