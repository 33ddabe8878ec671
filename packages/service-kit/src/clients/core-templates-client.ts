import { GetMessageTemplate, type MessageTemplate } from "@relay/domain";
import type { Bus } from "../nats.js";
import { request } from "../request-reply.js";

/** Core's message templates as the senders (campaigns, sequences, the composer) read them. */
export interface CoreTemplates {
  /** The organization's template; `not_found` (an AppError) for any other id. */
  get(organizationId: string, id: string): Promise<MessageTemplate>;
}

/** Core's templates over NATS request-reply (`rpc.core.template.get`): no copy kept. */
export function coreTemplatesClient(bus: Bus, timeoutMs: number): CoreTemplates {
  return {
    get: (organizationId, id) =>
      request(bus, GetMessageTemplate, { organization_id: organizationId, id }, timeoutMs),
  };
}
