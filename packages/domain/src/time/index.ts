export * from "./quiet-hours.js";
export * from "./zone-clock.js";
