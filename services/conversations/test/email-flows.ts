import { EmailMessageReceived, EmailMessageStatus, SendEmailMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { uniqueName } from "@relay/testing";
import type { z } from "zod";
import { messageDurables } from "../src/consumers/messages.js";
import { processed, type Stack, settled, streamReader } from "./harness.js";

export type EmailCommand = z.output<typeof SendEmailMessage.data> & { organization_id: string };

/** What would have been handed to the email adapter: the `cmd.email.send` commands in the namespace. */
export function emailCommands(stack: Stack) {
  const read = streamReader(stack.bus, "cmd.email");
  return async (organizationId: string): Promise<EmailCommand[]> =>
    (await read())
      .filter((event) => event.type === SendEmailMessage.subject && event.organization_id === organizationId)
      .map((event) => ({
        ...SendEmailMessage.data.parse(event.data),
        organization_id: event.organization_id,
      }));
}

type Received = z.input<typeof EmailMessageReceived.data>;

/** Publishes `email.message.received` as the email adapter would; waits until it was handled. */
export async function receiveEmail(
  stack: Stack,
  organizationId: string,
  data: Omit<Received, "provider_message_id" | "received_at" | "full_text"> & {
    provider_message_id?: string;
    full_text?: string;
  },
) {
  const event = newEvent(EmailMessageReceived, organizationId, {
    provider_message_id: `<${uniqueName("mail")}@mail.example.net>`,
    received_at: new Date().toISOString(),
    full_text: data.text,
    ...data,
  });
  await stack.bus.publish(event);
  await processed(stack, messageDurables("email").received, event.id);
  await settled(stack);
  return event;
}

/** Publishes `email.message.status`; waits until it was handled. */
export async function reportEmailStatus(
  stack: Stack,
  organizationId: string,
  data: z.input<typeof EmailMessageStatus.data>,
) {
  const event = newEvent(EmailMessageStatus, organizationId, data);
  await stack.bus.publish(event);
  await processed(stack, messageDurables("email").status, event.id);
  await settled(stack);
  return event;
}
