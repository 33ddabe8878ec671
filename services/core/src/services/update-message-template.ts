import {
  type MessageTemplate,
  MessageTemplateUpdated,
  NotFoundError,
  templateMessageProblem,
  templateVariables,
  type UpdateMessageTemplate,
  ValidationError,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import {
  findMessageTemplate,
  updateMessageTemplate as updateMessageTemplateRow,
} from "../db/message-templates.js";
import type { CoreDeps } from "../deps.js";
import { toMessageTemplate } from "./message-template-view.js";

/**
 * Changes a template. The message is checked as it will be stored: a new channel type can make
 * the stored message too long, and a new message is measured against the stored channel type.
 */
export function updateMessageTemplate(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
  input: UpdateMessageTemplate,
  userId: number | undefined,
): Promise<MessageTemplate> {
  return deps.transact(async (trx) => {
    const current = await findMessageTemplate(trx, organizationId, id, { forUpdate: true });
    if (!current) throw new NotFoundError("message template");
    const message = input.message ?? current.message;
    const channelType = input.channel_type === undefined ? current.channel_type : input.channel_type;
    const problem = templateMessageProblem(message, channelType);
    if (problem)
      throw ValidationError.field(input.message === undefined ? "channel_type" : "message", problem);
    const row = await updateMessageTemplateRow(trx, organizationId, id, {
      ...input,
      channel_type: channelType,
      ...(input.message !== undefined && { variables: templateVariables(message) }),
      updated_by: userId ?? null,
    });
    if (!row) throw new NotFoundError("message template");
    const template = toMessageTemplate(row);
    await enqueue(trx, newEvent(MessageTemplateUpdated, organizationId, template));
    return template;
  });
}
