// Plain JS: vitest loads config files with Node, which cannot import TypeScript from a package.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The vitest config every package uses: PostgreSQL/NATS found or started once per run,
 * generous timeouts for integration tests, and a JSON report that `pnpm test` sums up.
 * `globalSetup` adds a package's own once-per-run setup files.
 */
export function testConfig({ globalSetup = [] } = {}) {
  return defineConfig({
    test: {
      globalSetup: [fileURLToPath(new URL("./src/global-setup.ts", import.meta.url)), ...globalSetup],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    },
  });
}
