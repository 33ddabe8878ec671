export {
  RebasedRequestClient,
  rebaseTwilioUrl,
  type TwilioClientForOptions,
  twilioClientFor,
} from "./client.js";
export { deliveryErrorMessages, TwilioApiError, type TwilioErrorBody, twilioErrors } from "./errors.js";
export { createTwilioFake, startTwilioFake } from "./fake.js";
export type * from "./fake-types.js";
export type { InboundMedia } from "./inbound-params.js";
export { type DeliveryOutcome, TWILIO_MAGIC_NUMBERS } from "./magic-numbers.js";
export { countSegments, type FakeMessage, type MessageStatus, messageJson } from "./message-resource.js";
export { decodeForm, encodeForm, type FormParams, twilioSignature } from "./signature.js";
export { twimlMessages } from "./twiml.js";
export { type PostSignedOptions, postSigned, type WebhookResponse } from "./webhook-client.js";
