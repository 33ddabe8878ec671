import { describe, expect, it } from "vitest";
import { hashPassword, newToken, tokenHash, verifyPassword } from "../src/services/secrets.js";

describe("passwords and tokens", () => {
  it("hashes with scrypt and a fresh salt; only the right password verifies", async () => {
    const one = await hashPassword("correct horse battery");
    const two = await hashPassword("correct horse battery");
    expect(one).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", one)).toBe(true);
    expect(await verifyPassword("correct horse batterY", one)).toBe(false);
    expect(await verifyPassword("", one)).toBe(false);
  });

  it("never matches a malformed stored hash", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "plain$text")).toBe(false);
  });

  it("tokens are 256-bit, URL-safe, and stored as their SHA-256", () => {
    const token = newToken();
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(newToken()).not.toBe(token);
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).toBe(tokenHash(token));
  });
});
