import { PhoneCallUpdated, PhoneMessageReceived, PhoneMessageStatus, SendPhoneMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { uniqueName } from "@relay/testing";
import type { z } from "zod";
import { PHONE_DURABLES } from "../src/consumers/phone.js";
import { processed, type Stack, settled, streamReader } from "./harness.js";

export type PhoneCommand = z.output<typeof SendPhoneMessage.data> & {
  organization_id: string;
  published_at: Date;
};

/** What would have been handed to the phone adapter: the `cmd.phone.send` commands in the namespace. */
export function phoneCommands(stack: Stack) {
  const read = streamReader(stack.bus, "cmd.phone");
  return async (organizationId: string): Promise<PhoneCommand[]> =>
    (await read())
      .filter((event) => event.type === SendPhoneMessage.subject && event.organization_id === organizationId)
      .map((event) => ({
        ...SendPhoneMessage.data.parse(event.data),
        organization_id: event.organization_id,
        published_at: event.published_at,
      }));
}

/** The service's own events (`conversations.*`) in the namespace. */
export function serviceEvents(stack: Stack) {
  return streamReader(stack.bus, "conversations");
}

type Received = z.input<typeof PhoneMessageReceived.data>;

/** Publishes `phone.message.received` as the phone adapter would; waits until it was handled. */
export async function receive(
  stack: Stack,
  organizationId: string,
  data: Omit<Received, "provider_message_id" | "received_at"> & { provider_message_id?: string },
  options: { wait?: boolean } = {},
) {
  const event = newEvent(PhoneMessageReceived, organizationId, {
    provider_message_id: uniqueName("SM"),
    received_at: new Date().toISOString(),
    ...data,
  });
  await stack.bus.publish(event);
  if (options.wait !== false) {
    await processed(stack, PHONE_DURABLES.received, event.id);
    await settled(stack);
  }
  return event;
}

/** Publishes `phone.message.status`; waits until it was handled. */
export async function reportStatus(
  stack: Stack,
  organizationId: string,
  data: z.input<typeof PhoneMessageStatus.data>,
) {
  const event = newEvent(PhoneMessageStatus, organizationId, data);
  await stack.bus.publish(event);
  await processed(stack, PHONE_DURABLES.status, event.id);
  await settled(stack);
  return event;
}

/** Publishes `phone.call.updated`; waits until it was handled. */
export async function reportCall(
  stack: Stack,
  organizationId: string,
  data: Omit<z.input<typeof PhoneCallUpdated.data>, "occurred_at">,
) {
  const event = newEvent(PhoneCallUpdated, organizationId, {
    occurred_at: new Date().toISOString(),
    ...data,
  });
  await stack.bus.publish(event);
  await processed(stack, PHONE_DURABLES.calls, event.id);
  await settled(stack);
  return event;
}

/**
 * A contact only conversations' projection holds (as core's event left it): core has no such
 * contact, so a path that asked core for this number would create another. Answers its id.
 */
export async function projectedOnly(stack: Stack, organizationId: string, phone: string): Promise<string> {
  const id = crypto.randomUUID();
  await stack.db.db
    .insertInto("contacts")
    .values({ id, organization_id: organizationId, name: "Sam", phone, email: null, version: new Date() })
    .execute();
  return id;
}
