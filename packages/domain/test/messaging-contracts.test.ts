import { describe, expect, it } from "vitest";
import {
  DeliveryReport,
  EmailMessageReceived,
  EmailMessageStatus,
  PhoneMessageReceived,
  PhoneMessageStatus,
  SendCommand,
  SendEmailMessage,
  SendPhoneMessage,
  SendWhatsAppMessage,
  WhatsAppMessageStatus,
} from "../src/index.js";

const message_id = "6f1c7f47-0a0e-4c55-9a39-6a2b3c4d5e6f";
const channel_id = "0b8f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";

describe("the shared messaging contracts", () => {
  it("reads every adapter's status with one schema, in the shape each wrote before", () => {
    const phone = {
      message_id,
      channel_id,
      provider_message_id: "SM1",
      status: "undelivered",
      error_code: "30003",
    };
    const whatsapp = { message_id, channel_id, provider_message_id: "wamid.1", status: "read" };
    expect(PhoneMessageStatus.data.parse(phone)).toEqual(phone);
    expect(WhatsAppMessageStatus.data.parse(whatsapp)).toEqual(whatsapp);
    expect(PhoneMessageStatus.data).toBe(DeliveryReport);
    expect(WhatsAppMessageStatus.data).toBe(DeliveryReport);
  });

  it("keeps an email status's bounce detail and its first version's fields in step, both ways", () => {
    const before = {
      message_id,
      channel_id,
      status: "failed",
      hard_bounce: true,
      recipient: "gone@example.com",
    };
    const after = {
      message_id,
      channel_id,
      status: "failed",
      email: { hard_bounce: true, recipient: "gone@example.com" },
    };
    const both = { ...before, email: after.email };
    expect(EmailMessageStatus.data.parse(before)).toEqual(both);
    expect(EmailMessageStatus.data.parse(after)).toEqual(both);
    expect(EmailMessageStatus.data.parse({ message_id, channel_id, status: "sent" })).toEqual({
      message_id,
      channel_id,
      status: "sent",
      email: { hard_bounce: false },
      hard_bounce: false,
    });
  });

  it("reads a received message's body on every channel; an email's is its reply text", () => {
    const sms = {
      channel_id,
      provider_message_id: "SM2",
      from: "+15551230000",
      to: "+15559870000",
      body: "hi",
      media: [],
      received_at: "2024-05-01T10:00:00.000Z",
    };
    expect(PhoneMessageReceived.data.parse(sms)).toEqual(sms);
    const mail = {
      channel_id,
      provider_message_id: "<a@b>",
      from: "ana@example.com",
      to: ["support@acme.test"],
      text: "Thanks!",
      full_text: "Thanks!\n> earlier",
      received_at: "2024-05-01T10:00:00.000Z",
    };
    const read = EmailMessageReceived.data.parse(mail);
    expect(read).toMatchObject({
      ...mail,
      body: "Thanks!",
      cc: [],
      subject: "",
      references: [],
      attachments: [],
    });
  });

  it("starts every send command with the message, the channel and the recipient", () => {
    const base = { message_id, channel_id, to: "+15551230000" };
    expect(SendCommand.parse(SendPhoneMessage.data.parse({ ...base, from: "+15559870000" }))).toEqual(base);
    expect(SendCommand.parse(SendWhatsAppMessage.data.parse({ ...base, kind: "text", body: "x" }))).toEqual(
      base,
    );
    const email = {
      ...base,
      to: "ana@example.com",
      from: "s@acme.test",
      text: "x",
      html: "",
      message_id_header: "<m@x>",
    };
    expect(SendCommand.parse(SendEmailMessage.data.parse(email))).toEqual({ ...base, to: "ana@example.com" });
  });
});
