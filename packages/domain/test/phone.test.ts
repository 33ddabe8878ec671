import { describe, expect, it } from "vitest";
import { toE164 } from "../src/phone.js";

describe("toE164", () => {
  it.each([
    ["(415) 555-2671", "US", "+14155552671"],
    ["+1 555 555 0123", "US", "+15555550123"],
    ["+15005550006", "US", "+15005550006"],
    ["020 7946 0018", "GB", "+442079460018"],
    ["  +44 20 7946 0018 ", "US", "+442079460018"],
  ])("reads %s (default %s) as %s", (input, country, expected) => {
    expect(toE164(input, country)).toBe(expected);
  });

  it.each(["555", "hello", "+1 415 555 2671 ext 9", "12345678901234567890", ""])("refuses %j", (input) => {
    expect(toE164(input)).toBeUndefined();
  });
});
