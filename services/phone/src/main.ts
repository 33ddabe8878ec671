import { loadConfig, runMain } from "@relay/service-kit";
import { PhoneConfig } from "./config.js";
import { start } from "./start.js";

await runMain("phone", () => start(loadConfig(PhoneConfig)));
