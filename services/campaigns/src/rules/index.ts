export {
  type CompiledTemplate,
  type CompileResult,
  compileTemplate,
  MAX_TEMPLATE_LENGTH,
  render,
  type TemplateContact,
  type TemplateVariable,
  variablesOf,
} from "@relay/domain";
export { phoneTimeZone } from "./phone-zone.js";
export {
  DEFAULT_QUIET_HOURS,
  isInsideWindow,
  nextWindowStart,
  type QuietHours,
  windowEnd,
} from "./quiet-hours.js";
export {
  DEFAULT_RECIPIENT_TIME_ZONE,
  type RecipientZoneHints,
  type RecipientZoneSource,
  recipientTimeZone,
} from "./recipient-zone.js";
export { type SmsSegments, smsSegments } from "./segments.js";
export { type FoundLink, findLinks, newLinkCode, rewriteLinks } from "./tracked-links.js";
export { isValidTimeZone } from "./zone-clock.js";
