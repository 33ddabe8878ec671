export { startWhatsAppFake } from "./fake.js";
export type * from "./fake-types.js";
export { type GraphErrorBody, graphErrors } from "./graph-errors.js";
export { WHATSAPP_MAGIC_NUMBERS } from "./magic-numbers.js";
export { sendRequestProblem } from "./send-request.js";
export { whatsappSignature } from "./signature.js";
export {
  type PostSignedOptions as WhatsAppPostSignedOptions,
  postSigned as postWhatsAppWebhook,
  verifySubscription as verifyWhatsAppSubscription,
  type WebhookAnswer as WhatsAppWebhookAnswer,
} from "./webhook-client.js";
export {
  type BusinessNumber as WhatsAppBusinessNumber,
  inboundMessage as whatsappInboundMessage,
  type StatusError as WhatsAppStatusError,
  statusUpdate as whatsappStatusUpdate,
  webhookEnvelope as whatsappWebhookEnvelope,
} from "./webhook-payloads.js";
