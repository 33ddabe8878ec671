import { type Organization, type Stack, startStack, WHATSAPP_NUMBER } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignBody } from "./campaign-helpers.js";
import { createWhatsAppChannel } from "./web-helpers.js";

const MAILBOX = "shifts@acme.example";
const ALL_DAY = { start: "00:00", end: "23:59" };

let stack: Stack;
let org: Organization;

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("Campaign Channels Org");
  const email = await org.api("POST", "/channels", { type: "email", name: "Shifts", address: MAILBOX });
  expect(email.status).toBe(201);
  await createWhatsAppChannel(org, "WhatsApp shifts");
});
afterAll(() => stack?.stop());

const completed = (id: string) =>
  waitFor(
    async () => {
      const c = (await org.api<{ data: CampaignBody }>("GET", `/campaigns/${id}`)).body.data;
      return c.status === "completed" ? c : undefined;
    },
    { timeoutMs: 20_000, description: `campaign ${id} completed` },
  );
const draftAndSend = async (draft: Record<string, unknown>) => {
  const created = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
    sending_window: ALL_DAY,
    ...draft,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await org.api<{ data: CampaignBody }>("POST", `/campaigns/${created.body.data.id}/send`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return created.body.data.id;
};

describe("campaigns on other channels", () => {
  it("sends an email campaign: the subject, each recipient's own text and tracked link", async () => {
    const id = await draftAndSend({
      title: "Email shifts",
      type: "email",
      from: MAILBOX,
      subject: "Shifts this week",
      body: '<p>Hi {{contact.first_name | default: "there"}}, see <a href="https://jobs.example.com/week">the shifts</a>.</p>',
      audience: {
        contacts: [
          { email: "ana@example.com", name: "Ana Lopez" },
          { email: "ben@example.com", name: "Ben Ode" },
          { phone: "+14155556001" },
        ],
      },
    });
    const done = await completed(id);
    expect(done.skipped).toEqual({ no_address: 1 });
    const mailTo = (address: string) =>
      waitFor(() => stack.smtp.mails.find((m) => m.envelope.to.includes(address)), {
        description: `mail to ${address}`,
      });
    const [ana, ben] = [await mailTo("ana@example.com"), await mailTo("ben@example.com")];
    expect(ana.subject).toBe("Shifts this week");
    expect(ana.html).toContain("Hi Ana, see");
    expect(ben.html).toContain("Hi Ben, see");
    const link = /href="([^"]+)"/.exec(ana.html ?? "")?.[1] ?? "";
    expect(link).toMatch(new RegExp(`^${stack.gatewayUrl}/l/[0-9A-Za-z]{10}$`));
    expect(ben.html).not.toContain(link);
    const followed = await fetch(link, { redirect: "manual" });
    expect(followed.headers.get("location")).toBe("https://jobs.example.com/week");
    expect(stack.smtp.mails.filter((m) => m.subject === "Shifts this week")).toHaveLength(2);
  });

  it("sends a WhatsApp template campaign, one template message per recipient", async () => {
    const people = ["+14155556101", "+14155556102", "+14155556103"];
    const id = await draftAndSend({
      title: "WhatsApp shifts",
      type: "whatsapp",
      from: WHATSAPP_NUMBER.phone,
      template: { name: "shift_offer", language: "en_US" },
      audience: { contacts: people.map((phone) => ({ phone })) },
    });
    const done = await completed(id);
    expect(done.sent_messages).toBe(3);
    await waitFor(
      () =>
        people.every((p) =>
          stack.whatsapp.messages.some((m) => m.to === p.slice(1) && m.type === "template"),
        ) || undefined,
      { description: "a template to each recipient" },
    );
    for (const p of people) {
      const sent = stack.whatsapp.messages.filter((m) => m.to === p.slice(1));
      expect(sent).toHaveLength(1);
      expect(sent[0]?.body).toMatchObject({ type: "template", template: { name: "shift_offer" } });
    }
  });

  it("refuses a draft without the fields its channel needs, naming them", async () => {
    const bad = async (draft: Record<string, unknown>, field: string) => {
      const res = await org.api<{ details: Array<{ field: string }> }>("POST", "/campaigns", {
        title: "Bad",
        audience: { contacts: [{ email: "x@example.com", phone: "+14155556199" }] },
        ...draft,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.details.map((d) => d.field)).toContain(field);
    };
    await bad({ type: "email", from: MAILBOX, body: "no subject" }, "subject");
    await bad({ type: "whatsapp", from: WHATSAPP_NUMBER.phone }, "body");
    await bad({ type: "sms", from: MAILBOX, body: "x", template: { name: "t", language: "en" } }, "template");
    await bad({ type: "email", from: "nobody@acme.example", subject: "s", body: "x" }, "from");
  });
});
