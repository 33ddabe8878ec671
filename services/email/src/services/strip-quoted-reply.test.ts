import { describe, expect, it } from "vitest";
import { stripQuotedReply } from "./strip-quoted-reply.js";

describe("stripQuotedReply", () => {
  it("drops everything from the attribution line on", () => {
    const text =
      "Sounds good, see you then.\n\nOn Tue, 3 Jun 2025 at 10:00, Ana <ana@example.com> wrote:\n> Are we on for Friday?\n> Ana\n";
    expect(stripQuotedReply(text)).toBe("Sounds good, see you then.");
  });

  it("recognizes an attribution wrapped over two lines", () => {
    const text =
      "Yes.\n\nOn Tue, 3 Jun 2025 at 10:00, Ana Maria Example <ana@example.com>\nwrote:\n> Friday?";
    expect(stripQuotedReply(text)).toBe("Yes.");
  });

  it("drops interleaved '>' quotes but keeps the replies between them", () => {
    const text = "> first question\nfirst answer\n> second question\nsecond answer";
    expect(stripQuotedReply(text)).toBe("first answer\nsecond answer");
  });

  it("cuts at an Original Message separator and normalizes CRLF", () => {
    expect(stripQuotedReply("Thanks!\r\n-----Original Message-----\r\nFrom: x")).toBe("Thanks!");
  });

  it("keeps a mail that has no quotes, and a line that merely starts with On", () => {
    expect(stripQuotedReply("On Monday I can come.\nBest")).toBe("On Monday I can come.\nBest");
  });

  it("returns the whole text when it is nothing but quotes", () => {
    expect(stripQuotedReply("> only a quote\n")).toBe("> only a quote");
  });
});
