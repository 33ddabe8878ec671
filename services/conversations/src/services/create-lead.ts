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
import { messageTypeOf } from "../policies/index.js";
import { leadChannel } from "./lead-channel.js";
import { toLead } from "./lead-view.js";
import { toMessage } from "./message-view.js";
import { openConversation } from "./open-conversation.js";
import { saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";

/** The contact fields of a lead, as core's upsert takes a row (unset ones vanish in JSON). */
function contactRow({ name, phone, email, external_id, tags, properties }: CreateLead) {
  return { name, phone, email, external_id, tags, properties };
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

/** The address field a lead on the channel must have: its email on an email channel, else its phone. */
const addressField = (channel: Channel) => (channel.type === "email" ? "email" : "phone");

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
  const field = addressField(channel);
  const address = input[field];
  if (address === undefined)
    throw ValidationError.field(
      field,
      `is required for a lead on ${channel.type === "email" ? "an" : "a"} ${channel.type} channel`,
    );
  const contact = await upsertLeadContact(deps, organizationId, input);
  // Who writes and who is written to: the contact's address of the channel's kind, and the channel's.
  const parties = {
    from: contact[field] ?? address,
    to: (channel.type === "email" ? channel.address : channel.phone) ?? "",
  };
  const written = input.body ?? input.message;
  const text = written?.trim() ? written : undefined;

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
              type: messageTypeOf(channel.type),
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
