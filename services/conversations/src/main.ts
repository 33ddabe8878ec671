import { loadConfig, runMain } from "@relay/service-kit";
import { ConversationsConfig } from "./config.js";
import { start } from "./start.js";

await runMain("conversations", () => start(loadConfig(ConversationsConfig)));
