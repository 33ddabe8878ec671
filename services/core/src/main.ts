import { loadConfig, runMain } from "@relay/service-kit";
import { CoreConfig } from "./config.js";
import { start } from "./start.js";

await runMain("core", () => start(loadConfig(CoreConfig)));
