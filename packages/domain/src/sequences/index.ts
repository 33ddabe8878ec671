export * from "./sequence.js";
