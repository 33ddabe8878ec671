import { loadConfig, runMain } from "@relay/service-kit";
import { EmailConfig } from "./config.js";
import { start } from "./start.js";

await runMain("email", () => start(loadConfig(EmailConfig)));
