import { loadConfig, runMain } from "@relay/service-kit";
import { CampaignsConfig } from "./config.js";
import { start } from "./start.js";

await runMain("campaigns", () => start(loadConfig(CampaignsConfig)));
