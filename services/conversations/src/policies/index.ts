import { emailPolicy } from "./email.js";
import type { ReleasePolicy } from "./policy.js";
import { smsPolicy } from "./sms.js";
import { whatsAppPolicy } from "./whatsapp.js";

export { emailPolicy, smsPolicy, whatsAppPolicy };

const POLICIES = [smsPolicy, emailPolicy, whatsAppPolicy] as const;

/** The kind of message a channel of `type` carries (`phone` → `sms`). */
export function messageTypeOf(type: "phone" | "email" | "whatsapp") {
  const policy = POLICIES.find((candidate) => candidate.channelType === type);
  if (!policy) throw new Error(`no channel policy for channels of type ${type}`);
  return policy.messageType;
}

/** The policy of a stored outbound message, by its type (`sms`, `email`, `whatsapp`). */
export function policyOfMessage(type: string): ReleasePolicy {
  const policy = POLICIES.find((candidate) => candidate.messageType === type);
  if (!policy) throw new Error(`no channel policy for messages of type ${type}`);
  return policy;
}
