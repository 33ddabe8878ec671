import { z } from "zod";
import {
  Campaign,
  CampaignContact,
  CampaignContactUpdated,
  CampaignCreated,
  CampaignUpdated,
} from "../campaigns/campaign.js";
import { Contact, ContactCreated, ContactDeleted, ContactUpdated } from "../core/contact.js";
import { CustomObject, CustomObjectCreated, CustomObjectUpdated } from "../core/custom-object.js";
import {
  CustomObjectRecord,
  CustomObjectRecordCreated,
  CustomObjectRecordUpdated,
} from "../core/custom-object-record.js";
import {
  MessageTemplate,
  MessageTemplateCreated,
  MessageTemplateDeleted,
  MessageTemplateUpdated,
} from "../core/message-template.js";
import type { EventDef } from "../events.js";
import { Conversation, ConversationCreated, ConversationUpdated } from "../messaging/conversation.js";
import { LeadCreated, NewLead } from "../messaging/lead.js";
import { Message, MessageCreated, MessageUpdated } from "../messaging/message.js";
import {
  Sequence,
  SequenceCreated,
  SequenceRun,
  SequenceRunCreated,
  SequenceRunUpdated,
  SequenceUpdated,
} from "../sequences/sequence.js";
import { CustomEvent, CustomEventCreated } from "./custom-event.js";

/**
 * An internal event as integrators see it: its public name, its `data` parsed with the public
 * schema (which drops what only services read, e.g. a contact change's opt-in requests), the
 * fields that name the resource (deliveries of one resource keep their order), and, where one
 * internal event feeds several names, the data field it is chosen by.
 */
export interface PublicEventRule {
  source: EventDef;
  name: string;
  data: z.ZodType;
  resource: readonly string[];
  when?: { field: string; equals: string };
}

const DeletedContact = z.object({ id: z.uuid() });

/** Every public event, in one table: what `services/webhooks` consumes and what endpoints subscribe to. */
export const PUBLIC_EVENTS: readonly PublicEventRule[] = [
  { source: MessageCreated, name: "message.created", data: Message, resource: ["id"] },
  { source: MessageUpdated, name: "message.updated", data: Message, resource: ["id"] },
  {
    source: MessageCreated,
    name: "call.created",
    data: Message,
    resource: ["id"],
    when: { field: "type", equals: "call" },
  },
  {
    source: MessageUpdated,
    name: "call.updated",
    data: Message,
    resource: ["id"],
    when: { field: "type", equals: "call" },
  },
  { source: ConversationCreated, name: "conversation.created", data: Conversation, resource: ["id"] },
  { source: ConversationUpdated, name: "conversation.updated", data: Conversation, resource: ["id"] },
  { source: LeadCreated, name: "lead.new", data: NewLead, resource: ["id"] },
  { source: ContactCreated, name: "contact.created", data: Contact, resource: ["id"] },
  { source: ContactUpdated, name: "contact.updated", data: Contact, resource: ["id"] },
  { source: ContactDeleted, name: "contact.deleted", data: DeletedContact, resource: ["id"] },
  { source: CustomObjectCreated, name: "custom_object.created", data: CustomObject, resource: ["id"] },
  { source: CustomObjectUpdated, name: "custom_object.updated", data: CustomObject, resource: ["id"] },
  {
    source: CustomObjectRecordCreated,
    name: "custom_object_record.created",
    data: CustomObjectRecord,
    resource: ["id"],
  },
  {
    source: CustomObjectRecordUpdated,
    name: "custom_object_record.updated",
    data: CustomObjectRecord,
    resource: ["id"],
  },
  { source: CampaignCreated, name: "campaign.created", data: Campaign, resource: ["id"] },
  { source: CampaignUpdated, name: "campaign.updated", data: Campaign, resource: ["id"] },
  {
    source: CampaignContactUpdated,
    name: "campaign_contact.updated",
    data: CampaignContact.extend({ campaign_id: z.uuid() }),
    resource: ["campaign_id", "id"],
  },
  { source: SequenceCreated, name: "sequence.created", data: Sequence, resource: ["id"] },
  { source: SequenceUpdated, name: "sequence.updated", data: Sequence, resource: ["id"] },
  { source: SequenceRunCreated, name: "sequence_run.created", data: SequenceRun, resource: ["id"] },
  { source: SequenceRunUpdated, name: "sequence_run.updated", data: SequenceRun, resource: ["id"] },
  { source: CustomEventCreated, name: "custom_event.created", data: CustomEvent, resource: ["id"] },
  {
    source: MessageTemplateCreated,
    name: "message_template.created",
    data: MessageTemplate,
    resource: ["id"],
  },
  {
    source: MessageTemplateUpdated,
    name: "message_template.updated",
    data: MessageTemplate,
    resource: ["id"],
  },
  {
    source: MessageTemplateDeleted,
    name: "message_template.deleted",
    data: MessageTemplateDeleted.data,
    resource: ["id"],
  },
];

/** What `POST /developers/endpoints/{id}/test` sends. */
export const TEST_EVENT_NAME = "endpoint.test";

/** The names an endpoint may subscribe to (besides `*` and `<resource>.*`). */
export const PUBLIC_EVENT_NAMES: readonly string[] = [
  ...new Set([...PUBLIC_EVENTS.map((rule) => rule.name), TEST_EVENT_NAME]),
];
