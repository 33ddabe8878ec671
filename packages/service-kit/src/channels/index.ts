export * from "./channel-catalog.js";
export * from "./channel-consumers.js";
export * from "./channel-projection-migration.js";
export * from "./channel-store.js";
export * from "./send-channel.js";
