import {
  type CreateMessageTemplate,
  type MessageTemplate,
  MessageTemplateCreated,
  templateVariables,
} from "@relay/domain";
import { enqueue, type IdempotencyKey, newEvent } from "@relay/service-kit";
import { insertMessageTemplate } from "../db/message-templates.js";
import type { CoreDeps } from "../deps.js";
import { toMessageTemplate } from "./message-template-view.js";

/** Saves a template (its message already checked by the schema) and announces it. */
export function createMessageTemplate(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  input: CreateMessageTemplate,
  userId: number | undefined,
  idempotency?: IdempotencyKey,
): Promise<MessageTemplate> {
  return deps.transact(
    async (trx) => {
      const template = toMessageTemplate(
        await insertMessageTemplate(trx, {
          id: crypto.randomUUID(),
          organization_id: organizationId,
          title: input.title,
          message: input.message,
          channel_type: input.channel_type ?? null,
          attachments: input.attachments ?? [],
          variables: templateVariables(input.message),
          ...(input.access_level !== undefined && { access_level: input.access_level }),
          ...(input.archived !== undefined && { archived: input.archived }),
          created_by: userId ?? null,
          updated_by: userId ?? null,
        }),
      );
      await enqueue(trx, newEvent(MessageTemplateCreated, organizationId, template));
      return template;
    },
    { idempotency },
  );
}
