import { loadConfig, runMain } from "@relay/service-kit";
import { WebConfig } from "./config.js";
import { start } from "./start.js";

await runMain("web", () => start(loadConfig(WebConfig)));
