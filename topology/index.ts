export * from "./sandboxes.js";
export * from "./services.js";
