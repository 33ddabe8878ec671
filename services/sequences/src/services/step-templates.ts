import { type StepInput, ValidationError } from "@relay/domain";
import { smsTemplateMessage } from "@relay/service-kit";
import type { SequencesDeps } from "../deps.js";

/**
 * Send and collect steps that name a message template get its text as their body, copied when the sequence
 * is saved: runs in flight keep the version they started on, and so the words they were sent.
 */
export function withTemplateBodies(
  deps: Pick<SequencesDeps, "templates">,
  organizationId: string,
  steps: StepInput[],
): Promise<StepInput[]> {
  return Promise.all(
    steps.map(async (step, index) => {
      if ((step.type !== "send" && step.type !== "collect") || step.template_id === undefined) return step;
      const field = `steps.${index}.template_id`;
      const { body } = await smsTemplateMessage(deps.templates, organizationId, step.template_id, field);
      if (!body.trim()) throw ValidationError.field(field, "is a template with no text");
      return { ...step, body };
    }),
  );
}
