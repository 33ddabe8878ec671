export * from "./core/index.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./messaging/index.js";
export * from "./pagination.js";
export * from "./phone.js";
export * from "./requests.js";
export * from "./zod-issues.js";
