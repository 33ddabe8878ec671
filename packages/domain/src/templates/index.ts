/**
 * The message template language (LiquidJS, contact variables only): one implementation, so
 * campaigns render with the same rules core's saved templates are validated with. Pure: no I/O.
 */
export * from "./personalize.js";
export { CONTACT_FIELDS, type ContactField } from "./template-whitelist.js";
