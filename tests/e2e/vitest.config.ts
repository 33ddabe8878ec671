import { testConfig } from "@relay/testing/vitest-config";

export default testConfig({ globalSetup: ["./test/build-web-app.ts"] });
