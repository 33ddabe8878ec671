import { type Channel, type StepInput, ValidationError } from "@relay/domain";
import { templateMessage } from "@relay/service-kit";
import type { SequencesDeps } from "../deps.js";

/**
 * Send and collect steps that name a message template get its text as their body, copied when
 * the sequence is saved: runs in flight keep the version they started on, and so the words they
 * were sent. The template is one for the sequence's kind of channel, or for any.
 */
export function withTemplateBodies(
  deps: Pick<SequencesDeps, "templates">,
  organizationId: string,
  steps: StepInput[],
  channelType: Channel["type"],
): Promise<StepInput[]> {
  return Promise.all(
    steps.map(async (step, index) => {
      if ((step.type !== "send" && step.type !== "collect") || step.template_id === undefined) return step;
      const field = `steps.${index}.template_id`;
      const { body } = await templateMessage(
        deps.templates,
        organizationId,
        step.template_id,
        channelType,
        field,
      );
      if (!body.trim()) throw ValidationError.field(field, "is a template with no text");
      return { ...step, body };
    }),
  );
}
