import { describe, expect, it } from "vitest";
import { waitFor } from "../src/wait-for.js";

describe("waitFor", () => {
  it("returns the first value that is not undefined or false", async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `ready after ${calls}` : undefined), { intervalMs: 1 });
    expect(value).toBe("ready after 3");
  });

  it("treats a throwing condition as not yet, and reports it at the deadline", async () => {
    const failure = waitFor(
      () => {
        throw new Error("still booting");
      },
      { timeoutMs: 50, intervalMs: 5, description: "the service" },
    );
    await expect(failure).rejects.toThrow("timed out waiting for the service");
    await expect(failure).rejects.toMatchObject({ cause: new Error("still booting") });
  });
});
