import { SendEmailMessage } from "@relay/domain";
import { describe, expect, it } from "vitest";
import { resetMail } from "../src/services/reset-mail.js";

const channel = { id: "0b8f6f8e-3c1f-4d55-9a41-2f0f4a4f7c10", name: "Team", address: "team@northwind.test" };
const org = "7d1c1c55-2b2a-4f6e-8d53-4a0b0b3c9e21";
const link = {
  url: "https://relay.example/app/reset#token=abc&x=<1>",
  expires_at: "2026-12-03T13:00:00.000Z",
};

describe("the reset mail", () => {
  it("is a cmd.email.send from the channel's address to the user, the link in both parts", () => {
    const event = resetMail(channel, org, { name: "Rosa", email: "rosa@northwind.test" }, link, 60);
    const data = SendEmailMessage.data.parse(event.data);
    expect(event.type).toBe("cmd.email.send");
    expect(event.organization_id).toBe(org);
    expect(data).toMatchObject({
      channel_id: channel.id,
      from: "team@northwind.test",
      sender_name: "Team",
      to: "rosa@northwind.test",
      subject: "Reset your password",
    });
    expect(data.text).toContain(link.url);
    expect(data.text).toContain("60 minutes");
    // Escaped in the HTML part.
    expect(data.html).toContain("https://relay.example/app/reset#token=abc&amp;x=&lt;1&gt;");
    expect(data.message_id_header).toBe(`<${data.message_id}@northwind.test>`);
  });

  it("names each mail anew (its own ledger row and Message-ID)", () => {
    const user = { name: "Rosa", email: "rosa@northwind.test" };
    const a = resetMail(channel, org, user, link, 60);
    const b = resetMail(channel, org, user, link, 60);
    expect(a.data.message_id).not.toBe(b.data.message_id);
    expect(a.id).not.toBe(b.id);
  });
});
