import { loadConfig, runMain } from "@relay/service-kit";
import { GatewayConfig } from "./config.js";
import { start } from "./start.js";

await runMain("gateway", () => start(loadConfig(GatewayConfig)));
