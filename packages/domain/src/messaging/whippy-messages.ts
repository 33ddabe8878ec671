import { z } from "zod";
import { MAX_EMAIL_BODY } from "./email-message.js";
import { MAX_SMS_BODY } from "./message.js";

/**
 * `POST /v1/messages/sms` as Whippy's MCP server sends it (`sendSMS`): `message` for the body,
 * `from` optional (then the organization's oldest phone channel). Not in the contract.
 */
export const WhippyMessageSms = z.strictObject({
  to: z.string().trim().min(1).max(64),
  message: z.string().min(1).max(MAX_SMS_BODY),
  from: z.string().trim().min(1).max(64).optional(),
});
export type WhippyMessageSms = z.infer<typeof WhippyMessageSms>;

/** `POST /v1/messages/email` as the MCP server sends it (`sendEmail`): `message` for the body, `from` optional. */
export const WhippyMessageEmail = z.strictObject({
  to: z.string().trim().min(1).max(320),
  subject: z.string().max(998).optional(),
  message: z.string().min(1).max(MAX_EMAIL_BODY),
  from: z.string().trim().min(1).max(320).optional(),
});
export type WhippyMessageEmail = z.infer<typeof WhippyMessageEmail>;
