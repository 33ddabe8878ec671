import {
  type Channel,
  ConflictError,
  type Contact,
  type CreateLead,
  type Lead,
  LeadCreated,
  MessageCreated,
  ValidationError,
} from "@relay/domain";
import { type ChannelScope, enqueue, type IdempotencyKey, newEvent } from "@relay/service-kit";
import { insertLead } from "../db/leads.js";
import { insertMessage } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { leadChannel } from "./lead-channel.js";
import { toLead } from "./lead-view.js";
import { toMessage } from "./message-view.js";
import { openConversation } from "./open-conversation.js";
import { saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";

const MESSAGE_TYPES = { phone: "sms", email: "email", whatsapp: "whatsapp" } as const;

/** The contact fields of a lead, as core's upsert takes a row. */
function contactRow(lead: CreateLead): Record<string, unknown> {
  const { name, phone, email, external_id, tags, properties } = lead;
  return Object.fromEntries(
    Object.entries({ name, phone, email, external_id, tags, properties }).filter(([, v]) => v !== undefined),
  );
}

/** The lead's contact, upserted by core; core's reasons come back naming the lead's fields. */
async function upsertLeadContact(
  deps: ConversationsDeps,
  organizationId: string,
  lead: CreateLead,
): Promise<Contact> {
  const outcome = await deps.core.upsertContact(organizationId, contactRow(lead));
  // Core names a row's fields `contacts.0.phone`; the lead's are its own.
  const details = outcome.details?.map((d) => ({ ...d, field: d.field.replace(/^contacts\.0\./, "") }));
  const reason = details?.map((d) => `${d.field}: ${d.message}`).join("; ");
  if (outcome.status === "invalid")
    throw new ValidationError(reason || "the lead's contact is invalid", details);
  if (outcome.status === "conflict")
    throw new ConflictError(reason || "the lead's phone and email belong to different contacts", details);
  if (!outcome.id) throw new Error("core upserted a contact without answering its id");
  return deps.core.getContact({ organization_id: organizationId, id: outcome.id });
}

/** Who writes and who is written to on the channel: the contact's address of its kind, and the channel's. */
function addresses(channel: Channel, contact: Contact): { from: string; to: string } {
  const field = channel.type === "email" ? "email" : "phone";
  const from = contact[field];
  if (from === undefined)
    throw ValidationError.field(field, `is required for a lead on a ${channel.type} channel`);
  return { from, to: (channel.type === "email" ? channel.address : channel.phone) ?? "" };
}

/**
 * `POST /v1/leads`: the contact upserted (core), then in one transaction the conversation on the
 * channel (opened, or reopened when closed), the lead's text stored as received (one more
 * unread), the lead row, and `lead.new` with all of it. An integration's form is not a text from
 * the contact: no keyword is acted on and no automatic reply goes out.
 */
export async function createLead(
  deps: ConversationsDeps,
  organizationId: string,
  input: CreateLead,
  scope: ChannelScope | undefined,
  idempotency?: IdempotencyKey,
): Promise<Lead> {
  const channel = await leadChannel(deps, organizationId, input, scope);
  if (channel.type === "email" && input.email === undefined)
    throw ValidationError.field("email", "is required for a lead on an email channel");
  if (channel.type !== "email" && input.phone === undefined)
    throw ValidationError.field("phone", `is required for a lead on a ${channel.type} channel`);
  const contact = await upsertLeadContact(deps, organizationId, input);
  const parties = addresses(channel, contact);
  const text = (input.body ?? input.message)?.trim() ? (input.body ?? input.message) : undefined;

  return deps.transact(
    async (trx) => {
      await syncContact(trx, organizationId, contact);
      const opened = await openConversation(trx, {
        organizationId,
        contactId: contact.id,
        channelId: channel.id,
        channelType: channel.type,
      });
      const row =
        text === undefined
          ? undefined
          : await insertMessage(trx, {
              id: crypto.randomUUID(),
              organization_id: organizationId,
              conversation_id: opened.row.id,
              contact_id: contact.id,
              channel_id: channel.id,
              type: MESSAGE_TYPES[channel.type],
              direction: "INBOUND",
              body: text,
              from_address: parties.from,
              to_address: parties.to,
              delivery_status: "received",
              media: [],
              automated: false,
            });
      const conversation = await saveConversation(trx, opened, {
        ...(opened.row.status === "closed" && { status: "open" as const }),
        ...(row && { unread: "increment" as const, messaged: true }),
      });
      const lead = toLead(
        await insertLead(trx, {
          id: crypto.randomUUID(),
          organization_id: organizationId,
          contact_id: contact.id,
          channel_id: channel.id,
          conversation_id: conversation.id,
          message_id: row?.id ?? null,
          name: contact.name ?? null,
          phone: contact.phone ?? null,
          email: contact.email ?? null,
          source: input.source ?? null,
          status: input.status ?? "new",
        }),
      );
      const message = row && toMessage(row);
      await enqueue(
        trx,
        ...(message ? [newEvent(MessageCreated, organizationId, message)] : []),
        newEvent(LeadCreated, organizationId, {
          ...lead,
          contact,
          conversation,
          ...(message && { message }),
        }),
      );
      return lead;
    },
    { idempotency },
  );
}
