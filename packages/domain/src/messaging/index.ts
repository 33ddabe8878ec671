export * from "./delivery.js";
export * from "./opening-hours.js";
export * from "./phone.js";
