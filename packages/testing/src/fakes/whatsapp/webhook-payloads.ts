/** Where a webhook comes from: the business number's Graph id and its display number. */
export interface BusinessNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
}

const seconds = () => String(Math.floor(Date.now() / 1000));

/** Meta's webhook envelope: one entry, one `messages` change. */
export function webhookEnvelope(number: BusinessNumber, value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: number.displayPhoneNumber,
                phone_number_id: number.phoneNumberId,
              },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** An inbound message from `from` (digits, no `+`): `type` and its object as Meta sends them. */
export function inboundMessage(
  from: string,
  id: string,
  type: string,
  content: Record<string, unknown>,
  name = "Contact",
) {
  return {
    contacts: [{ profile: { name }, wa_id: from }],
    messages: [{ from, id, timestamp: seconds(), type, ...content }],
  };
}

export interface StatusError {
  code: number;
  title: string;
  message?: string;
  details?: string;
}

/** A status of a message we sent, with Meta's error objects for `failed`. */
export function statusUpdate(
  wamid: string,
  status: string,
  recipientId: string,
  errors?: StatusError[],
  bizOpaqueCallbackData?: string,
) {
  return {
    statuses: [
      {
        id: wamid,
        status,
        timestamp: seconds(),
        recipient_id: recipientId,
        // Meta echoes what the send carried in every status of that message.
        ...(bizOpaqueCallbackData !== undefined ? { biz_opaque_callback_data: bizOpaqueCallbackData } : {}),
        ...(errors
          ? {
              errors: errors.map((e) => ({
                code: e.code,
                title: e.title,
                message: e.message ?? e.title,
                ...(e.details ? { error_data: { details: e.details } } : {}),
              })),
            }
          : {}),
      },
    ],
  };
}
