import type { BulkMessage, SentMessage } from "@relay/domain";
import type { IdempotencyKey } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { ConsentKey } from "../../db/consents.js";
import type { ConversationsDB } from "../../db/schema.js";
import type { ConversationsDeps } from "../../deps.js";
import { emailPolicy, smsPolicy, whatsAppPolicy } from "../../policies/index.js";
import type {
  Addressing,
  Composed,
  MessageKind,
  Parties,
  SendPolicy,
  SendRequest,
} from "../../policies/policy.js";
import { sendMessage } from "../send-message.js";

/** A row's channel policy, bound to the single-send request the row amounts to. */
export interface RowSend {
  kind: MessageKind;
  /** The policy's checks under the consent lock (WhatsApp's window). */
  precheck(trx: Transaction<ConversationsDB>, key: ConsentKey): Promise<void>;
  compose(
    trx: Transaction<ConversationsDB>,
    deps: ConversationsDeps,
    send: { parties: Parties; key: ConsentKey; conversationId: string; automated: boolean },
  ): Promise<Composed>;
  /** The row as a single send (`sendMessage`), under its own key: the per-row path. */
  alone(deps: ConversationsDeps, organizationId: string, idempotency: IdempotencyKey): Promise<SentMessage>;
}

function bind<Input extends SendRequest>(policy: SendPolicy<Input>, input: Input): RowSend {
  return {
    kind: policy,
    precheck: async (trx, key) => {
      await policy.precheck?.(trx, key, input);
    },
    compose: (trx, deps, send) => policy.compose(trx, deps, { ...send, input }),
    alone: (deps, organizationId, idempotency) =>
      sendMessage(deps, policy, organizationId, input, idempotency),
  };
}

/** The row's own fields: what its single send takes, `to` aside. */
function fieldsOf<T extends { key: string; type: string; contact_id?: string | undefined }>(row: T) {
  const { key: _key, type: _type, contact_id: _contactId, ...fields } = row;
  return fields;
}

/** The channel policy of a row's type, for what needs no request: addressing and the kind. */
export function addressingOf(message: BulkMessage): Addressing & MessageKind {
  return message.type === "sms" ? smsPolicy : message.type === "email" ? emailPolicy : whatsAppPolicy;
}

/** The row as the single send it amounts to, `to` being its recipient's address. */
export function rowSend(message: BulkMessage, to: string): RowSend {
  switch (message.type) {
    case "sms":
      return bind(smsPolicy, { ...fieldsOf(message), to });
    case "email":
      return bind(emailPolicy, { ...fieldsOf(message), to });
    case "whatsapp":
      return bind(whatsAppPolicy, { ...fieldsOf(message), to });
  }
}
