export * from "./answers.js";
export * from "./sequence.js";
export * from "./steps.js";
export * from "./webhook-step.js";
