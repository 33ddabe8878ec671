import { type EventEnvelope, SendWhatsAppMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { WhatsAppStack } from "./harness.js";

export type SendData = Parameters<typeof newEvent<typeof SendWhatsAppMessage>>[2];

/** Publishes `cmd.whatsapp.send` to CMD_WHATSAPP as conversations' relay would; returns the event. */
export async function publishSend(stack: WhatsAppStack, organizationId: string, data: SendData) {
  const event = newEvent(SendWhatsAppMessage, organizationId, data);
  await stack.bus.publish(event);
  return event;
}

interface StatusData {
  message_id: string;
  status: string;
}

export const statusOf =
  (messageId: string, status: string) =>
  (event: EventEnvelope): boolean =>
    event.type === "whatsapp.message.status" &&
    (event.data as StatusData).message_id === messageId &&
    (event.data as StatusData).status === status;

export async function statusEvents(stack: WhatsAppStack, messageId: string) {
  return (await stack.events()).filter(
    (e) => e.type === "whatsapp.message.status" && (e.data as StatusData).message_id === messageId,
  );
}

export const receivedWith =
  (wamid: string) =>
  (event: EventEnvelope): boolean =>
    event.type === "whatsapp.message.received" &&
    (event.data as { provider_message_id: string }).provider_message_id === wamid;
