import { loadConfig, runMain } from "@relay/service-kit";
import { WhatsAppConfig } from "./config.js";
import { start } from "./start.js";

await runMain("whatsapp", () => start(loadConfig(WhatsAppConfig)));
