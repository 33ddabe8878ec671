import {
  type Channel,
  type ErrorDetail,
  MAX_SMS_BODY,
  MAX_WHATSAPP_BODY,
  type StepInput,
  ValidationError,
} from "@relay/domain";

const MAX_BODY: Partial<Record<Channel["type"], { most: number; kind: string }>> = {
  phone: { most: MAX_SMS_BODY, kind: "an SMS" },
  whatsapp: { most: MAX_WHATSAPP_BODY, kind: "a WhatsApp message" },
};

/**
 * What a step that sends must have on the sequence's kind of channel, each problem a 422
 * detail naming its field: an email needs a `subject`; only email steps take one, only
 * WhatsApp sends a `template`; a text is within the channel's length (SMS 1,000, WhatsApp
 * 4,096 characters; email the steps' own 20,000).
 */
export function channelStepProblems(steps: readonly StepInput[], type: Channel["type"]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  steps.forEach((step, index) => {
    if (step.type !== "send" && step.type !== "collect") return;
    const at = (field: string, message: string) =>
      problems.push({ field: `steps.${index}.${field}`, message });
    if (type === "email" && step.subject === undefined) at("subject", "is required on an email channel");
    if (type !== "email" && step.subject !== undefined) at("subject", `is for email channels, not ${type}`);
    if (step.type === "send" && step.template !== undefined && type !== "whatsapp")
      at("template", `is for WhatsApp channels, not ${type}`);
    const limit = MAX_BODY[type];
    const texts = { body: step.body, ...(step.type === "collect" && { retry_body: step.retry_body }) };
    for (const [field, text] of Object.entries(texts))
      if (limit && text !== undefined && text.length > limit.most)
        at(field, `must be at most ${limit.most} characters in ${limit.kind}`);
  });
  return problems;
}

/** 422 naming every step that does not fit the channel (the message names the first). */
export function assertChannelSteps(steps: readonly StepInput[], type: Channel["type"]): void {
  const problems = channelStepProblems(steps, type);
  const first = problems[0];
  if (first) throw new ValidationError(`${first.field}: ${first.message}`, problems);
}
