import { SendWhatsAppMessage, WhatsAppMessageReceived, WhatsAppMessageStatus } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { uniqueName } from "@relay/testing";
import type { z } from "zod";
import { messageDurables } from "../src/consumers/messages.js";
import { processed, type Stack, settled, streamReader } from "./harness.js";

export type WhatsAppCommand = z.output<typeof SendWhatsAppMessage.data> & { organization_id: string };

/** What would have been handed to the WhatsApp adapter: the `cmd.whatsapp.send` commands in the namespace. */
export function whatsAppCommands(stack: Stack) {
  const read = streamReader(stack.bus, "cmd.whatsapp");
  return async (organizationId: string): Promise<WhatsAppCommand[]> =>
    (await read())
      .filter(
        (event) => event.type === SendWhatsAppMessage.subject && event.organization_id === organizationId,
      )
      .map((event) => ({
        ...SendWhatsAppMessage.data.parse(event.data),
        organization_id: event.organization_id,
      }));
}

type Received = z.input<typeof WhatsAppMessageReceived.data>;

/** Publishes `whatsapp.message.received` as the adapter would; waits until it was handled. */
export async function receiveWhatsApp(
  stack: Stack,
  organizationId: string,
  data: Omit<Received, "provider_message_id" | "received_at" | "type"> & {
    provider_message_id?: string;
    type?: string;
  },
) {
  const event = newEvent(WhatsAppMessageReceived, organizationId, {
    provider_message_id: `wamid.${uniqueName("in")}`,
    received_at: new Date().toISOString(),
    type: "text",
    ...data,
  });
  await stack.bus.publish(event);
  await processed(stack, messageDurables("whatsapp").received, event.id);
  await settled(stack);
  return event;
}

/** Publishes `whatsapp.message.status`; waits until it was handled. */
export async function reportWhatsAppStatus(
  stack: Stack,
  organizationId: string,
  data: z.input<typeof WhatsAppMessageStatus.data>,
) {
  const event = newEvent(WhatsAppMessageStatus, organizationId, data);
  await stack.bus.publish(event);
  await processed(stack, messageDurables("whatsapp").status, event.id);
  await settled(stack);
  return event;
}
