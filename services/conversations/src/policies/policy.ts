import type {
  Channel,
  Contact,
  DeliveryReport,
  EmailDetails,
  EventDef,
  EventEnvelope,
  OptInChannel,
  ReceivedMessage,
  WhatsAppDetails,
} from "@relay/domain";
import type { Kysely, Transaction } from "kysely";
import type { z } from "zod";
import type { ConsentKey } from "../db/consents.js";
import type { ConversationsDB, MessageRow, NewMessage } from "../db/schema.js";
import type { ConversationsDeps } from "../deps.js";
import type { OpenedConversation } from "../services/open-conversation.js";

type Trx = Transaction<ConversationsDB>;

/** What every send request has, whatever its channel (`SendSms`, `SendEmail`, `SendWhatsApp`). */
export interface SendRequest {
  from: string;
  to: string;
  body?: string | undefined;
  attachments?: string[] | undefined;
  opt_in_to?: OptInChannel[] | undefined;
  opt_in_to_all_channels?: boolean | undefined;
  conversation_status?: "automated" | "open" | "closed" | undefined;
  schedule_at?: string | undefined;
}

/** A send's contact as far as sending needs it (core's answer, or the contacts projection's row). */
export type Recipient = Pick<Contact, "id" | "name" | "phone" | "email" | "updated_at">;

/** Who a send is between: the channel, the contact and both addresses as the channel writes them. */
export interface Parties {
  channel: Channel;
  contact: Recipient;
  from: string;
  to: string;
}

/** A message's content as its channel composes it (addresses come from the parties or the inbound). */
export interface Composed {
  /** Chosen by the policy when the content names it (an email's Message-ID); random otherwise. */
  id?: string;
  from: string;
  to: string;
  body?: string;
  mediaUrls: string[];
  email?: EmailDetails;
  messageIdHeader?: string;
  whatsapp?: WhatsAppDetails;
}

/** Why a due scheduled message goes out no more: stored as its error. */
export interface ReleaseFailure {
  error_code: string;
  error_message: string;
}

/** What the messages of one channel type are, and the command that sends them. */
export interface MessageKind {
  /** The channel type (`phone`, `email`, `whatsapp`): also the adapter that produces its events. */
  readonly channelType: "phone" | "email" | "whatsapp";
  /** The stored messages' type. */
  readonly messageType: "sms" | "email" | "whatsapp";
  /** `cmd.phone.send`, `cmd.email.send` or `cmd.whatsapp.send` for a stored outbound message. */
  command(row: MessageRow): EventEnvelope;
}

/** What a scheduled release goes through: the recheck, then the command. */
export interface ReleasePolicy extends MessageKind {
  /** Why a scheduled message may not go out now that it is due (consent aside), if it may not. */
  recheck(trx: Trx, row: MessageRow): Promise<ReleaseFailure | undefined>;
}

/**
 * How a send names its parties, shared by the single send and the bulk path: the channel by
 * `from`, the contact by `to` (a phone number or an email address), checks that need no lock.
 */
export interface Addressing {
  /** What `to` is, and so how its contact is found. */
  readonly recipientBy: "phone" | "email";
  /** The organization's channel of this type that `from` names; anything else is a 422 naming `from`. */
  senderChannel(
    deps: Pick<ConversationsDeps, "core">,
    organizationId: string,
    from: string,
  ): Promise<Channel>;
  /** Checks on the recipient's address that need no lock (an email's hard bounce): a 422 naming `to`. */
  checkRecipient?(
    db: Kysely<ConversationsDB>,
    key: { organizationId: string; channelId: string },
    to: string,
  ): Promise<void>;
  /** Both addresses as the channel writes them; a 422 naming `to` when the contact has no such address. */
  addresses(
    channel: Channel,
    contact: Recipient,
    input: { from: string; to?: string },
  ): { from: string; to: string };
}

/** The send side: how the parties are found, what is checked, how the message is composed. */
export interface SendPolicy<Input extends SendRequest> extends ReleasePolicy, Addressing {
  /** Checks under the consent lock, before anything is written (WhatsApp's 24-hour window). */
  precheck?(trx: Trx, key: ConsentKey, input: Input): Promise<void>;
  compose(
    trx: Trx,
    deps: ConversationsDeps,
    send: { input: Input; parties: Parties; key: ConsentKey; conversationId: string; automated: boolean },
  ): Promise<Composed>;
}

/** The stored inbound message's columns that depend on the channel. */
export type InboundColumns = Pick<NewMessage, "body" | "from_address" | "to_address" | "media"> &
  Partial<Pick<NewMessage, "email" | "message_id_header" | "whatsapp">>;

/** The receive side: how the adapter's inbound event reads. */
export interface ReceivePolicy<Received extends ReceivedMessage> extends MessageKind {
  readonly received: EventDef<string, z.ZodType<Received>>;
  /**
   * The sender's number in E.164, when the event carries one: a contact the projection holds with
   * it answers without asking core (as the bulk path finds its recipients).
   */
  senderPhone?(data: Received): string | undefined;
  /** The sender's contact (created when new); undefined drops the message (logged). */
  resolveSender(
    deps: ConversationsDeps,
    organizationId: string,
    data: Received,
  ): Promise<Contact | undefined>;
  /** The conversation a message threads into, when not the sender's own on the channel (email). */
  findThread?(
    trx: Trx,
    organizationId: string,
    channel: Channel,
    data: Received,
  ): Promise<OpenedConversation | undefined>;
  /** The stored message's columns that depend on the channel: body, addresses, media, details. */
  inbound(data: Received, parties: { channel: Channel; contact: Recipient }): InboundColumns;
  /**
   * Composes the answer to an inbound message (keyword confirmation, HELP, automatic reply).
   * Absent when the channel sends none (email: mail loops); its keywords then only change consent.
   */
  reply?(inbound: MessageRow, body: string): Composed;
}

/** The status side: what a report means beyond the message's own status. */
export interface StatusPolicy extends MessageKind {
  readonly status: EventDef<string, z.ZodType<DeliveryReport>>;
  /** Twilio's opt-out error, an email's hard bounce. */
  afterStatus?(trx: Trx, row: MessageRow, report: DeliveryReport): Promise<void>;
}

export type ChannelPolicy<Input extends SendRequest, Received extends ReceivedMessage> = SendPolicy<Input> &
  ReceivePolicy<Received> &
  StatusPolicy;
