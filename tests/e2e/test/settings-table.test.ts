import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  END_MARKER,
  readers,
  root,
  START_MARKER,
  settingsTable,
  withTable,
} from "../../../scripts/settings-table.js";
import { StackSettings, serviceSpecs } from "../../../scripts/stack/settings.js";
import { SERVICES } from "../../../topology/index.js";

/** The one settings table (README.md), and the one name each setting has everywhere. */
describe("settings", () => {
  it("README.md's table is the one the schemas make (run `pnpm settings` when this fails)", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain(START_MARKER);
    expect(readme).toContain(END_MARKER);
    expect(withTable(readme, await settingsTable())).toBe(readme);
  });

  it("each service's own PORT default is the topology's port", async () => {
    const all = await readers();
    for (const service of SERVICES) {
      const schema = all.find((reader) => reader.name === service.name)?.schema;
      expect(schema?.shape.PORT?.parse(undefined), service.name).toBe(service.port);
    }
  });

  it("pnpm start passes each service only settings it reads, by the name it reads them", async () => {
    const all = await readers();
    for (const spec of serviceSpecs(StackSettings.parse({}), {})) {
      const shape = all.find((reader) => reader.name === spec.name)?.schema.shape ?? {};
      const unknown = Object.keys(spec.env).filter((name) => !(name in shape));
      expect(unknown, spec.name).toEqual([]);
    }
  });

  it("pnpm start's derived settings give way to the user's own", () => {
    const user = {
      CORE_URL: "http://core.internal:9000",
      SMTP_SANDBOX_PORT: "3525",
      TWILIO_SANDBOX_API_URL: "",
    };
    const settings = StackSettings.parse(user);
    const specs = serviceSpecs(settings, user);
    const gateway = specs.find((spec) => spec.name === "gateway")?.env ?? {};
    const web = specs.find((spec) => spec.name === "web")?.env ?? {};
    const phone = specs.find((spec) => spec.name === "phone")?.env ?? {};
    // Not overridden: the user's value reaches the service from the environment.
    expect(gateway.CORE_URL).toBeUndefined();
    expect(web.CORE_URL).toBeUndefined();
    expect(gateway.CONVERSATIONS_URL).toBe(`http://127.0.0.1:${settings.CONVERSATIONS_PORT}`);
    // An empty value is unset: the launcher's derived one applies.
    expect(phone.TWILIO_SANDBOX_API_URL).toBe(`http://127.0.0.1:${settings.TWILIO_SANDBOX_PORT}`);
    expect(gateway.PORT).toBe(String(settings.GATEWAY_PORT));
    // One name: the email service and the sandbox read SMTP_SANDBOX_PORT, set by the user.
    expect(settings.SMTP_SANDBOX_PORT).toBe(3525);
  });
});
