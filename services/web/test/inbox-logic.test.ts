import { describe, expect, it } from "vitest";
import { initials, smsSegments } from "../src/client/format.js";
import { buildNote, buildSend, EMPTY_DRAFT, scheduleAtIso, splitList } from "../src/client/inbox/compose.js";
import { listPath, readFilters } from "../src/client/inbox/filters.js";
import { WINDOW_MS, whatsAppWindow } from "../src/client/inbox/whatsapp-window.js";
import type { Message } from "../src/client/types.js";

const message = (direction: Message["direction"], createdAt: string, type: Message["type"] = "whatsapp") =>
  ({
    id: createdAt,
    conversation_id: "c",
    type,
    direction,
    from: "a",
    to: "b",
    delivery_status: direction === "INBOUND" ? "received" : "sent",
    attachments: [],
    media: [],
    automated: false,
    created_at: createdAt,
  }) satisfies Message;

describe("the WhatsApp 24-hour window", () => {
  const now = new Date("2026-12-03T12:00:00Z");

  it("is open until 24 hours after the contact's newest inbound message", () => {
    const state = whatsAppWindow(
      [
        message("INBOUND", "2026-12-02T09:00:00Z"),
        message("INBOUND", "2026-12-03T08:30:00Z"),
        message("OUTBOUND", "2026-12-03T11:00:00Z"),
      ],
      now,
    );
    expect(state).toEqual({
      open: true,
      until: new Date("2026-12-04T08:30:00Z"),
      lastInbound: new Date("2026-12-03T08:30:00Z"),
    });
  });

  it("is closed once 24 hours have passed, and when the contact never wrote (outbound and notes do not open it)", () => {
    const old = "2026-12-02T11:59:59Z";
    expect(whatsAppWindow([message("INBOUND", old)], now)).toEqual({
      open: false,
      lastInbound: new Date(old),
    });
    const exactly = new Date(Date.parse(old) + WINDOW_MS);
    expect(whatsAppWindow([message("INBOUND", old)], exactly).open).toBe(false);
    expect(whatsAppWindow([message("INBOUND", old)], new Date(exactly.getTime() - 1)).open).toBe(true);
    expect(
      whatsAppWindow(
        [message("OUTBOUND", "2026-12-03T11:00:00Z"), message("INBOUND", "2026-12-03T11:00:00Z", "note")],
        now,
      ),
    ).toEqual({ open: false, lastInbound: undefined });
    expect(whatsAppWindow([], now)).toEqual({ open: false, lastInbound: undefined });
  });
});

describe("avatar initials", () => {
  it("takes a name's initials, and a placeholder for a contact known only by a number or an address", () => {
    expect(initials("Maria Lopez")).toBe("ML");
    expect(initials("Ada")).toBe("AD");
    expect(initials("+15555558939")).toBe("#");
    expect(initials("(415) 555-0100")).toBe("#");
    expect(initials("jane@example.com")).toBe("#");
  });
});

describe("SMS segments", () => {
  it("counts 160 GSM-7 characters per single part, 153 per part of a long one, 70/67 otherwise", () => {
    expect(smsSegments("")).toBe(0);
    expect(smsSegments("a".repeat(160))).toBe(1);
    expect(smsSegments("a".repeat(161))).toBe(2);
    expect(smsSegments("a".repeat(306))).toBe(2);
    expect(smsSegments("a".repeat(307))).toBe(3);
    expect(smsSegments("é".repeat(160))).toBe(1);
    expect(smsSegments("✓".repeat(70))).toBe(1);
    expect(smsSegments("✓".repeat(71))).toBe(2);
  });
});

describe("the composer's send body", () => {
  const parties = { from: "+14155550100", to: "+14155550111" };

  it("sends an SMS with its attachments and a schedule, leaving empty fields out", () => {
    const local = "2030-01-02T09:30";
    expect(
      buildSend("phone", parties, {
        ...EMPTY_DRAFT,
        body: "See you",
        attachments: "https://example.com/a.png\n https://example.com/b.pdf",
        scheduleAt: local,
      }),
    ).toEqual({
      path: "/messaging/sms",
      body: {
        ...parties,
        body: "See you",
        attachments: ["https://example.com/a.png", "https://example.com/b.pdf"],
        schedule_at: new Date(local).toISOString(),
      },
    });
    expect(buildSend("phone", parties, { ...EMPTY_DRAFT, body: "  " })).toEqual({
      path: "/messaging/sms",
      body: parties,
    });
  });

  it("sends an email with its subject and copies", () => {
    const email = { from: "jobs@acme.example", to: "ana@example.com" };
    expect(
      buildSend("email", email, {
        ...EMPTY_DRAFT,
        body: "Hi",
        subject: " Shift ",
        cc: "a@x.com, b@x.com;c@x.com",
      }),
    ).toEqual({
      path: "/messaging/email",
      body: { ...email, body: "Hi", subject: "Shift", cc: ["a@x.com", "b@x.com", "c@x.com"] },
    });
  });

  it("sends WhatsApp free-form, or a template with its body parameters (only commas separate them)", () => {
    expect(buildSend("whatsapp", parties, { ...EMPTY_DRAFT, body: "Hi" }).body).toEqual({
      ...parties,
      body: "Hi",
    });
    expect(
      buildSend("whatsapp", parties, {
        ...EMPTY_DRAFT,
        body: "ignored",
        template: { name: " shift_offer ", language: "en_US", parameters: "Ana Lopez, Friday 9am," },
      }),
    ).toEqual({
      path: "/messaging/whatsapp",
      body: {
        ...parties,
        template: {
          name: "shift_offer",
          language: "en_US",
          components: [
            {
              type: "body",
              parameters: [
                { type: "text", text: "Ana Lopez" },
                { type: "text", text: "Friday 9am" },
              ],
            },
          ],
        },
      },
    });
    expect(
      buildSend("whatsapp", parties, {
        ...EMPTY_DRAFT,
        template: { name: "hello", language: "en", parameters: "" },
      }).body.template,
    ).toEqual({ name: "hello", language: "en", components: [] });
  });

  it("reads lists and times typed by hand; a note is from, to and body", () => {
    expect(splitList(" a, b ;c\nd  ")).toEqual(["a", "b", "c", "d"]);
    expect(scheduleAtIso("")).toBeUndefined();
    expect(scheduleAtIso("not a time")).toBeUndefined();
    expect(scheduleAtIso("2030-01-02T09:30")).toBe(new Date("2030-01-02T09:30").toISOString());
    expect(buildNote(parties, "Called back")).toEqual({ ...parties, body: "Called back" });
  });
});

describe("the inbox's filters", () => {
  it("reads them from the URL, falling back to the Open folder", () => {
    expect(readFilters(new URLSearchParams("folder=nope&type=pigeon"))).toEqual({
      folder: "open",
      type: "",
      team: "",
      q: "",
    });
    expect(readFilters(new URLSearchParams("folder=spam&type=email&team=t1&q=%20ana%20"))).toEqual({
      folder: "spam",
      type: "email",
      team: "t1",
      q: "ana",
    });
  });

  it("asks the list for the folder's status, assignment, type and team", () => {
    const path = (query: string) =>
      Object.fromEntries(
        new URLSearchParams(listPath(readFilters(new URLSearchParams(query)), 7).split("?")[1]),
      );
    expect(path("")).toEqual({ limit: "50", status: "open" });
    expect(path("folder=mine&type=whatsapp")).toEqual({
      limit: "50",
      status: "open",
      assigned_user_id: "7",
      type: "whatsapp",
    });
    expect(path("folder=unassigned")).toMatchObject({ status: "open", unassigned: "true" });
    expect(path("folder=unread")).toMatchObject({ status: "open", unread: "true" });
    expect(path("folder=closed&team=t1")).toEqual({ limit: "50", status: "closed", assigned_team_id: "t1" });
    expect(path("folder=spam")).toMatchObject({ status: "spam" });
  });
});
