import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isSealed, keyId, SealingSettings, SecretsCipher } from "../src/secrets/sealing.js";

const keyA = randomBytes(32);
const keyB = randomBytes(32);

describe("SecretsCipher", () => {
  it("seals with a fresh IV under the current key's id, and opens for the same owner only", () => {
    const cipher = new SecretsCipher(keyA);
    const one = cipher.seal("owner-1", "whsec_plain");
    const two = cipher.seal("owner-1", "whsec_plain");
    expect(isSealed(one)).toBe(true);
    expect(one.kid).toBe(keyId(keyA));
    expect(one.iv).not.toBe(two.iv);
    expect(JSON.stringify(one)).not.toContain("plain");
    expect(cipher.open("owner-1", one)).toBe("whsec_plain");
    expect(() => cipher.open("owner-2", one)).toThrow();
  });

  it("opens what a previous key sealed; names the key id when no key at hand sealed it", () => {
    const old = new SecretsCipher(keyA).seal("o", "secret");
    const rotated = new SecretsCipher(keyB, [keyA]);
    expect(rotated.open("o", old)).toBe("secret");
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.isCurrent(rotated.seal("o", "secret"))).toBe(true);
    expect(() => new SecretsCipher(keyB).open("o", old, "endpoint o")).toThrow(
      `endpoint o sealed with key ${keyId(keyA)}, which is neither CREDENTIALS_KEY nor in CREDENTIALS_PREVIOUS_KEYS`,
    );
  });

  it("takes its keys from the settings, refusing one that is not 32 bytes of base64", () => {
    const settings = z.object(SealingSettings);
    const parsed = settings.parse({
      CREDENTIALS_KEY: keyB.toString("base64"),
      CREDENTIALS_PREVIOUS_KEYS: ` ${keyA.toString("base64")} ,`,
    });
    expect(SecretsCipher.fromSettings(parsed).open("o", new SecretsCipher(keyA).seal("o", "x"))).toBe("x");
    const bad = settings.safeParse({ CREDENTIALS_KEY: "short" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["CREDENTIALS_KEY"]);
  });
});
