export * from "./deliver.js";
export * from "./sink.js";
