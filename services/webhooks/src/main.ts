import { loadConfig, runMain } from "@relay/service-kit";
import { WebhooksConfig } from "./config.js";
import { start } from "./start.js";

await runMain("webhooks", () => start(loadConfig(WebhooksConfig), {}));
