// Wall clocks and sending windows live in the domain: sequences read them too.
export {
  type CompiledTemplate,
  type CompileResult,
  compileTemplate,
  DEFAULT_QUIET_HOURS,
  isInsideWindow,
  isValidTimeZone,
  MAX_TEMPLATE_LENGTH,
  nextWindowStart,
  type QuietHours,
  render,
  type TemplateContact,
  type TemplateVariable,
  variablesOf,
  windowEnd,
} from "@relay/domain";
export { phoneTimeZone } from "./phone-zone.js";
export {
  DEFAULT_RECIPIENT_TIME_ZONE,
  type RecipientZoneHints,
  type RecipientZoneSource,
  recipientTimeZone,
} from "./recipient-zone.js";
export { type SmsSegments, smsSegments } from "./segments.js";
export { type FoundLink, findLinks, newLinkCode, rewriteLinks } from "./tracked-links.js";
