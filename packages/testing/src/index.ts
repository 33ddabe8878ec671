export * from "./contract.js";
export * from "./fakes/smtp/index.js";
export * from "./fakes/twilio/index.js";
export * from "./fakes/whatsapp/index.js";
export * from "./infra.js";
export * from "./services.js";
export * from "./wait-for.js";
export * from "./webhook-receiver.js";
