import { describe, expect, it } from "vitest";
import { smsSegments } from "../../src/rules/segments.js";

describe("smsSegments", () => {
  it("fits 160 GSM-7 characters in one segment and 153 per segment after", () => {
    expect(smsSegments("a".repeat(160))).toEqual({
      encoding: "GSM-7",
      segments: 1,
      characters: 160,
      perSegment: 160,
    });
    expect(smsSegments("a".repeat(161))).toEqual({
      encoding: "GSM-7",
      segments: 2,
      characters: 161,
      perSegment: 153,
    });
    expect(smsSegments("a".repeat(306)).segments).toBe(2);
    expect(smsSegments("a".repeat(307)).segments).toBe(3);
  });

  it("counts GSM extension characters twice", () => {
    expect(smsSegments("€".repeat(80))).toEqual({
      encoding: "GSM-7",
      segments: 1,
      characters: 160,
      perSegment: 160,
    });
    expect(smsSegments("€".repeat(81)).segments).toBe(2);
    expect(smsSegments("{}[]~^|\\").characters).toBe(16);
  });

  it("keeps accented letters of the GSM alphabet in GSM-7", () => {
    expect(smsSegments("é".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(smsSegments("Ça va? ¿Qué tal?")).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it("switches to UCS-2 for any other character: 70 in one segment, 67 after", () => {
    expect(smsSegments("ç")).toMatchObject({ encoding: "UCS-2", segments: 1, characters: 1 });
    expect(smsSegments("ж".repeat(70))).toEqual({
      encoding: "UCS-2",
      segments: 1,
      characters: 70,
      perSegment: 70,
    });
    expect(smsSegments("ж".repeat(71))).toEqual({
      encoding: "UCS-2",
      segments: 2,
      characters: 71,
      perSegment: 67,
    });
    expect(smsSegments("ж".repeat(134)).segments).toBe(2);
    expect(smsSegments("ж".repeat(135)).segments).toBe(3);
  });

  it("counts an emoji as two UCS-2 code units", () => {
    expect(smsSegments(`😀${"a".repeat(68)}`)).toEqual({
      encoding: "UCS-2",
      segments: 1,
      characters: 70,
      perSegment: 70,
    });
    expect(smsSegments(`😀${"a".repeat(69)}`)).toMatchObject({ segments: 2, characters: 71 });
  });

  it("splits no surrogate pair or extension character across segments", () => {
    // 134 code units would fill two segments of 67, but the emoji cannot straddle the first.
    expect(smsSegments(`${"ж".repeat(66)}😀${"ж".repeat(66)}`)).toMatchObject({
      characters: 134,
      segments: 3,
    });
    // Likewise 306 septets with a € at 153–154 need three segments of 153.
    expect(smsSegments(`${"a".repeat(152)}€${"a".repeat(152)}`)).toMatchObject({
      characters: 306,
      segments: 3,
    });
  });

  it("counts an empty text as one segment, as the calculator does", () => {
    expect(smsSegments("")).toEqual({ encoding: "GSM-7", segments: 1, characters: 0, perSegment: 160 });
  });
});
