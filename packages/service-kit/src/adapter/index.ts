export * from "./advance-send.js";
export * from "./run-send.js";
export * from "./send-intake.js";
export * from "./send-ledger.js";
export * from "./send-ledger-migration.js";
export * from "./send-loop.js";
export * from "./send-provider.js";
export * from "./start-sends.js";
