import { loadConfig, runMain } from "@relay/service-kit";
import { SequencesConfig } from "./config.js";
import { start } from "./start.js";

await runMain("sequences", () => start(loadConfig(SequencesConfig)));
