import { testConfig } from "@relay/testing/vitest-config";

export default testConfig();
