import fc from "fast-check";
import { deepArray, deepObject, type JsonLike, RawJson } from "./json-text.js";

export const NUL = "\u0000";

/** Strings that broke, or could break, something between the edge and PostgreSQL. */
const NASTY_STRINGS = [
  NUL,
  `a${NUL}b`,
  "\ud800",
  "x\udfffy",
  "\ud83d",
  "😀𝕏𐍈",
  "\u202eevil\u202c",
  "שלום עולם",
  `e${"\u0301".repeat(300)}`,
  "\ufeff",
  "\u2028\u2029",
  "\u0001\u001f\u007f",
  "\uffff\ufffe",
  "'; drop table contacts; --",
  "%00",
  "\\u0000",
  " ",
  "",
  "null",
  "1e400",
  "x".repeat(10_000),
  "😀".repeat(5_000),
  "é".repeat(100_000),
];

/** Number tokens JSON allows but JavaScript or PostgreSQL may not hold. */
export const HUGE_NUMBERS = [
  "1e400",
  "-1e400",
  "1e308",
  "-1e308",
  "2147483648",
  "-2147483649",
  "4294967296",
  "9007199254740993",
  "123456789012345678901234567890",
  "1e-400",
  "5e-324",
  "-0",
  "1.5",
  "-1",
  "0",
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Any string at all: full unicode, lone surrogates, NULs, known trouble. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(NUL, "\u202e", "\u0301", "😀"), loneSurrogate), maxLength: 20 }),
  fc.string({ unit: "grapheme", minLength: 1_000, maxLength: 3_000 }),
);

/** A NUL somewhere inside an otherwise good string. */
export function withNul(good: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(good, fc.nat()).map(([s, at]) => {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    return `${s.slice(0, i)}${NUL}${s.slice(i)}`;
  });
}

/** Object text with keys the platform must not trip on: NUL, lone surrogates, `__proto__`, empty. */
const oddKeys = fc
  .constantFrom(
    `"a\\u0000b"`,
    `"\\ud800"`,
    `"__proto__"`,
    `"constructor"`,
    `""`,
    JSON.stringify("k".repeat(5_000)),
  )
  .map((key) => new RawJson(`{${key}:{"x":1}}`));

/** Junk of any type, for any field. */
export const junkValue: fc.Arbitrary<JsonLike> = fc.oneof(
  fc.constantFrom<JsonLike>(null, true, false, 0, -1, 1.5, "", [], {}, "string"),
  anyString,
  fc.constantFrom(...HUGE_NUMBERS).map((text) => new RawJson(text)),
  fc
    .constantFrom(33, 100, 5_000, 20_000)
    .chain((depth) => fc.constantFrom(deepArray(depth), deepObject(depth))),
  fc.constantFrom(1_000, 5_000).map((n) => Array.from({ length: n }, (_, i) => i)),
  fc.constantFrom(2_000).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  oddKeys,
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonLike>,
);

/** A whole body that is not a JSON document, or not one a route can take. */
export const junkBodyText: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "{",
    '{"a":',
    "[1,]",
    "{'a': 1}",
    "nul",
    "NaN",
    "Infinity",
    "1e400",
    "{}x",
    "\u0000",
    '"\\u0000"',
    "\ufeff{}",
    "[]",
    "null",
    "42",
    '"text"',
    "true",
    "a=1&b=2",
    `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`,
  ),
  fc.constantFrom(
    new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
    new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    new Uint8Array([0xed, 0xa0, 0x80]),
  ),
  fc.string({ unit: "binary", maxLength: 60 }),
);

export const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/xml",
  "application/octet-stream",
];

/** Query values that a number or enum parser must refuse cleanly (already percent-encoded). */
export const JUNK_QUERY_VALUES = [
  "1e400",
  "-1e400",
  "Infinity",
  "NaN",
  "-1",
  "0",
  "1.5",
  "0x10",
  "2147483648",
  "99999999999999999999",
  "",
  "%20",
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%E0%A4%A",
  "%zz",
  "%",
  "%F0%9F%98%80",
  "x".repeat(5_000),
  "[]",
  "{}",
];

/** Path segments in place of an id (already percent-encoded). */
export const JUNK_IDS = [
  "not-a-uuid",
  "0",
  "-1",
  "1.5",
  "2147483648",
  "99999999999999999999",
  "1e400",
  "%00",
  "00000000-0000-0000-0000-00000000000%00",
  "%ED%A0%80",
  "%F0%9F%98%80",
  "%20",
  "null",
  "undefined",
  "..%2F..%2Fadmin",
  "a".repeat(3_000),
  "%E2%80%AE",
  "00000000-0000-0000-0000-000000000000",
  "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
];
