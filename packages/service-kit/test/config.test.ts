import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BaseConfig, ConfigError, loadConfig } from "../src/index.js";

describe("loadConfig", () => {
  it("applies defaults and treats empty values as unset", () => {
    const config = loadConfig(BaseConfig, { INTERNAL_TOKEN: "0123456789abcdef", NATS_URL: "" });
    expect(config.NATS_URL).toBe("nats://127.0.0.1:4222");
    expect(config.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/postgres");
  });

  it("fails in one line naming a missing variable", () => {
    expect(() => loadConfig(BaseConfig, {})).toThrow(
      new ConfigError("invalid configuration: INTERNAL_TOKEN is required"),
    );
  });

  it("names a malformed variable and why", () => {
    const schema = BaseConfig.extend({ PORT: z.coerce.number().int() });
    try {
      loadConfig(schema, { INTERNAL_TOKEN: "0123456789abcdef", PORT: "eighty", DATABASE_URL: "not a url" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).toMatch(/PORT/);
      expect(message.split("\n")).toHaveLength(1);
    }
  });
});
