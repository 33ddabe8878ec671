import { testConfig } from "./vitest-config.js";

export default testConfig();
