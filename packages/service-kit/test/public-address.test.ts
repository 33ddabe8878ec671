import { describe, expect, it } from "vitest";
import { publicUrlProblem } from "../src/index.js";

const resolvingTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe("publicUrlProblem", () => {
  it.each([
    ["http://127.0.0.1/x", /private/],
    ["http://10.1.2.3/x", /private/],
    ["http://169.254.169.254/latest/meta-data/", /private/],
    ["http://[::1]/x", /private/],
    ["http://[::ffff:192.168.0.1]/x", /private/],
    ["http://100.64.0.1/x", /private/],
    ["http://localhost:8081/v1", /this machine/],
    ["ftp://example.com/x", /http/],
    ["not a url", /not a URL/],
  ])("refuses %s", async (url, reason) => {
    expect(await publicUrlProblem(url, { resolve: resolvingTo("93.184.216.34") })).toMatch(reason);
  });

  it("refuses a name that resolves to a private address, even among public ones", async () => {
    const problem = await publicUrlProblem("https://media.example.com/a.png", {
      resolve: resolvingTo("93.184.216.34", "10.0.0.7"),
    });
    expect(problem).toMatch(/resolves to a private address \(10\.0\.0\.7\)/);
  });

  it("lets public addresses, unresolvable names and (when allowed) private ones through", async () => {
    expect(await publicUrlProblem("https://93.184.216.34/a.png")).toBeUndefined();
    expect(
      await publicUrlProblem("https://cdn.example.com/a.png", { resolve: resolvingTo("93.184.216.34") }),
    ).toBeUndefined();
    expect(
      await publicUrlProblem("https://nowhere.invalid/a.png", { resolve: async () => [] }),
    ).toBeUndefined();
    expect(await publicUrlProblem("http://127.0.0.1/x", { allowPrivate: true })).toBeUndefined();
  });
});
