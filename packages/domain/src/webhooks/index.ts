export * from "./custom-event.js";
export * from "./endpoint.js";
export * from "./public-events.js";
