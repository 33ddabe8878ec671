export * from "./consent.js";
export * from "./conversation.js";
export * from "./core-requests.js";
export * from "./delivery.js";
export * from "./message.js";
export * from "./opening-hours.js";
export * from "./phone.js";
