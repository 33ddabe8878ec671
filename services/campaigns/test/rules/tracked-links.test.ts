import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findLinks, newLinkCode, rewriteLinks } from "../../src/rules/tracked-links.js";

const urls = (body: string) => findLinks(body).map((link) => link.url);

describe("findLinks", () => {
  it("finds http and https links with their offsets", () => {
    const body = "Sale: https://shop.example.com/sale?src=sms&x=1 and http://example.org";
    expect(findLinks(body)).toEqual([
      { url: "https://shop.example.com/sale?src=sms&x=1", start: 6, end: 47 },
      { url: "http://example.org", start: 52, end: 70 },
    ]);
  });

  it("leaves out trailing punctuation", () => {
    expect(urls("See https://example.com.")).toEqual(["https://example.com"]);
    expect(urls("Go to https://example.com/a, then https://example.com/b!")).toEqual([
      "https://example.com/a",
      "https://example.com/b",
    ]);
    expect(urls("(details: https://example.com/x)")).toEqual(["https://example.com/x"]);
    expect(urls("Really? https://example.com/?q=1?'")).toEqual(["https://example.com/?q=1"]);
    expect(urls("[https://example.com]")).toEqual(["https://example.com"]);
  });

  it("keeps brackets the link opened itself", () => {
    expect(urls("https://en.wikipedia.org/wiki/Mercury_(planet).")).toEqual([
      "https://en.wikipedia.org/wiki/Mercury_(planet)",
    ]);
  });

  it("ends a link at spaces, quotes, angle brackets, braces and emoji", () => {
    expect(urls('<a href="https://example.com/x">')).toEqual(["https://example.com/x"]);
    expect(urls("https://example.com/👍 nice")).toEqual(["https://example.com/"]);
    expect(urls("https://example.com/?id={{ contact.external_id }}")).toEqual(["https://example.com/?id="]);
    expect(urls("https://bücher.example/straße ok")).toEqual(["https://bücher.example/straße"]);
  });

  it("finds nothing that is not an http(s) link", () => {
    for (const body of [
      "javascript:alert(1)",
      "ftp://example.com/file",
      "mailto:a@example.com",
      "data:text/html,<b>x</b>",
      "https://",
      "https://.",
      "example.com",
      "xhttps://example.com",
      "",
    ]) {
      expect(urls(body)).toEqual([]);
    }
  });

  it("matches the scheme in any case", () => {
    expect(urls("HTTPS://EXAMPLE.COM/A")).toEqual(["HTTPS://EXAMPLE.COM/A"]);
  });

  it("gives offsets that slice back to each link, in order", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.webUrl())), (parts) => {
        const body = parts.join(" ");
        let previousEnd = 0;
        for (const link of findLinks(body)) {
          expect(body.slice(link.start, link.end)).toBe(link.url);
          expect(link.start).toBeGreaterThanOrEqual(previousEnd);
          expect(new URL(link.url).protocol).toMatch(/^https?:$/);
          previousEnd = link.end;
        }
      }),
    );
  });
});

describe("rewriteLinks", () => {
  it("replaces each link and keeps the rest", () => {
    const body = "A https://a.example/1. B (https://b.example/2) C";
    expect(rewriteLinks(body, (_url, index) => `https://rl.ink/${index}`)).toBe(
      "A https://rl.ink/0. B (https://rl.ink/1) C",
    );
  });

  it("passes the link itself to the replacement", () => {
    const seen: string[] = [];
    rewriteLinks("x https://a.example y http://b.example", (url) => {
      seen.push(url);
      return url;
    });
    expect(seen).toEqual(["https://a.example", "http://b.example"]);
  });

  it("is the identity when the replacement returns the link, and without links", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.webUrl())), (parts) => {
        const body = parts.join(" ");
        expect(rewriteLinks(body, (url) => url)).toBe(body);
      }),
    );
    expect(rewriteLinks("no links here", () => "X")).toBe("no links here");
  });
});

describe("newLinkCode", () => {
  it("is 10 base62 characters", () => {
    for (let i = 0; i < 100; i++) expect(newLinkCode()).toMatch(/^[0-9A-Za-z]{10}$/);
  });

  it("does not repeat and uses the whole alphabet evenly", () => {
    const codes = Array.from({ length: 20_000 }, newLinkCode);
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Map<string, number>();
    for (const char of codes.join("")) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (codes.length * 10) / 62; // ≈ 3226 each; a 248-byte cut-off keeps it unbiased
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.15);
  });
});
