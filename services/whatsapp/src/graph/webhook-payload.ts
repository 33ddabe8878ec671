import { z } from "zod";

const Media = z.object({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional() });

/** An inbound message; only the types we turn into text or media are spelled out. */
export const InboundMessage = z.looseObject({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  image: Media.optional(),
  document: Media.extend({ filename: z.string().optional() }).optional(),
  audio: Media.optional(),
  video: Media.optional(),
  sticker: Media.optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  interactive: z
    .object({
      type: z.string().optional(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

export const StatusItem = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string().optional(),
  recipient_id: z.string().optional(),
  /** What we sent as `biz_opaque_callback_data`: our message id. */
  biz_opaque_callback_data: z.string().optional(),
  errors: z
    .array(z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() }))
    .optional(),
});
export type StatusItem = z.infer<typeof StatusItem>;

export const ChangeValue = z.looseObject({
  messaging_product: z.literal("whatsapp"),
  metadata: z.object({ display_phone_number: z.string(), phone_number_id: z.string().min(1) }),
  messages: z.array(InboundMessage).default([]),
  statuses: z.array(StatusItem).default([]),
});
export type ChangeValue = z.infer<typeof ChangeValue>;

/** Meta's webhook: `whatsapp_business_account`, entries of `messages` changes. */
export const WebhookPayload = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

/** The `messages` changes' values; other fields (account updates, templates) are skipped. */
export function changeValues(payload: z.infer<typeof WebhookPayload>): ChangeValue[] {
  const values: ChangeValue[] = [];
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages") continue;
      const value = ChangeValue.safeParse(change.value);
      if (value.success) values.push(value.data);
    }
  }
  return values;
}
