import { ValidationError } from "@relay/domain";
import type { Kysely, Transaction } from "kysely";
import { type ConsentKey, findConsent, lockConsent } from "../db/consents.js";
import type { ConversationsDB } from "../db/schema.js";

/** Has the contact opted out of this channel? No record means never asked: sending is allowed. */
export async function isOptedOut(db: Kysely<ConversationsDB>, key: ConsentKey): Promise<boolean> {
  const consent = await findConsent(db, key);
  return consent !== undefined && !consent.opt_in;
}

export function optedOutError(): ValidationError {
  return new ValidationError("to: the contact has opted out of messages on this channel; nothing was sent", [
    { field: "to", message: "has opted out of messages on this channel" },
  ]);
}

/**
 * Locks the contact's consent on the channel for the rest of the transaction and refuses when
 * they opted out. Every path that hands a message to a provider goes through here.
 */
export async function assertMayMessage(trx: Transaction<ConversationsDB>, key: ConsentKey): Promise<void> {
  await lockConsent(trx, key);
  if (await isOptedOut(trx, key)) throw optedOutError();
}
