import { EmailMessageReceived, EmailMessageStatus } from "@relay/domain";
import { type Bus, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { applyEmailStatus } from "../services/apply-email-status.js";
import { receiveEmail } from "../services/receive-email.js";

export const EMAIL_DURABLES = {
  received: "conversations-email-received",
  status: "conversations-email-status",
} as const;

/** The email adapter's events: inbound mail and delivery statuses. */
export function startEmailConsumers(deps: ConversationsDeps, bus: Bus): Promise<RunningConsumer>[] {
  const common = { bus, logger: deps.logger };
  return [
    startConsumer({
      ...common,
      durable: EMAIL_DURABLES.received,
      event: EmailMessageReceived,
      handle: (event) => receiveEmail(deps, event, EMAIL_DURABLES.received),
    }),
    startConsumer({
      ...common,
      durable: EMAIL_DURABLES.status,
      event: EmailMessageStatus,
      handle: (event) => applyEmailStatus(deps, event, EMAIL_DURABLES.status),
    }),
  ];
}
