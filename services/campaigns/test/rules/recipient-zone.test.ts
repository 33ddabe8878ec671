import { describe, expect, it } from "vitest";
import { phonePrefixZones, phoneTimeZone } from "../../src/rules/phone-zone.js";
import { recipientTimeZone } from "../../src/rules/recipient-zone.js";

describe("recipientTimeZone", () => {
  const all = {
    contactTimeZone: "Europe/Paris",
    phone: "+12125550100",
    channelTimeZone: "America/Chicago",
    organizationTimeZone: "America/Denver",
  };

  it("prefers the contact's own zone", () => {
    expect(recipientTimeZone(all)).toEqual({ timeZone: "Europe/Paris", source: "contact" });
  });

  it("falls through invalid or missing hints in order", () => {
    expect(recipientTimeZone({ ...all, contactTimeZone: "Mars/Olympus" })).toEqual({
      timeZone: "America/New_York",
      source: "phone",
    });
    expect(recipientTimeZone({ ...all, contactTimeZone: null, phone: "+19075550100" })).toEqual({
      timeZone: "America/Chicago",
      source: "channel",
    });
    expect(recipientTimeZone({ organizationTimeZone: " Asia/Tokyo ", channelTimeZone: "" })).toEqual({
      timeZone: "Asia/Tokyo",
      source: "organization",
    });
    expect(recipientTimeZone({})).toEqual({ timeZone: "America/New_York", source: "default" });
    expect(recipientTimeZone({ contactTimeZone: "+05:30", phone: "not a phone" })).toEqual({
      timeZone: "America/New_York",
      source: "default",
    });
  });
});

describe("phoneTimeZone", () => {
  it("reads single-zone countries", () => {
    expect(phoneTimeZone("+919876543210")).toBe("Asia/Kolkata");
    expect(phoneTimeZone("+33612345678")).toBe("Europe/Paris");
    expect(phoneTimeZone("+81312345678")).toBe("Asia/Tokyo");
    // Country undetermined, but every country sharing +44 (GB, GG, IM, JE) keeps London time.
    expect(phoneTimeZone("+447700900123")).toBe("Europe/London");
  });

  it("reads the area code in countries that span zones", () => {
    expect(phoneTimeZone("+12125550100")).toBe("America/New_York");
    expect(phoneTimeZone("+13105550100")).toBe("America/Los_Angeles");
    expect(phoneTimeZone("+13125550100")).toBe("America/Chicago");
    expect(phoneTimeZone("+16025550100")).toBe("America/Phoenix");
    expect(phoneTimeZone("+18085550100")).toBe("Pacific/Honolulu");
    expect(phoneTimeZone("+14165550100")).toBe("America/Toronto");
    expect(phoneTimeZone("+61212345678")).toBe("Australia/Sydney");
    expect(phoneTimeZone("+5511987654321")).toBe("America/Sao_Paulo");
  });

  it("gives nothing for numbers whose prefix spans zones", () => {
    expect(phonePrefixZones("+19075550100")).toEqual(["America/Adak", "America/Anchorage"]);
    expect(phoneTimeZone("+19075550100")).toBeUndefined();
  });

  it("gives nothing for what is not an international number", () => {
    for (const phone of ["", "2125550100", "+", "hello", "+0000"])
      expect(phoneTimeZone(phone)).toBeUndefined();
    expect(phonePrefixZones("+1-212")).toEqual([]);
  });
});
