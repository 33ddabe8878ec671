import type { Kysely, Transaction } from "kysely";
import { type ConsentKey, findConsent, findConsents, lockConsent, lockConsents } from "../db/consents.js";
import type { ConsentRow, ConversationsDB } from "../db/schema.js";
import { RecipientRefused } from "./recipient-refused.js";

/** Does this record refuse messages? No record means never asked: sending is allowed. */
const refuses = (consent: Pick<ConsentRow, "opt_in"> | undefined) => consent !== undefined && !consent.opt_in;

/** Has the contact opted out of this channel? */
export async function isOptedOut(db: Kysely<ConversationsDB>, key: ConsentKey): Promise<boolean> {
  return refuses(await findConsent(db, key));
}

export function optedOutError(): RecipientRefused {
  return new RecipientRefused(
    "opted_out",
    "to: the contact has opted out of messages on this channel; nothing was sent",
    [{ field: "to", message: "has opted out of messages on this channel" }],
  );
}

/**
 * Locks the contact's consent on the channel for the rest of the transaction and refuses when
 * they opted out. Every path that hands a message to a provider goes through here.
 */
export async function assertMayMessage(trx: Transaction<ConversationsDB>, key: ConsentKey): Promise<void> {
  await lockConsent(trx, key);
  if (await isOptedOut(trx, key)) throw optedOutError();
}

export const consentPairKey = (key: Pick<ConsentKey, "contactId" | "channelId">) =>
  `${key.contactId}:${key.channelId}`;

/**
 * The same gate for many messages of one organization (the bulk path): every key's consent
 * locked in one statement (sorted), then read in one query after the locks are held. Returns
 * the keys (`contact:channel`) that refuse messages.
 */
export async function optedOutAmong(
  trx: Transaction<ConversationsDB>,
  organizationId: string,
  keys: Array<Pick<ConsentKey, "contactId" | "channelId">>,
): Promise<Set<string>> {
  await lockConsents(
    trx,
    keys.map((key) => ({ ...key, organizationId })),
  );
  const refused = await refusing(trx, organizationId, keys);
  return new Set(
    refused.map((row) => consentPairKey({ contactId: row.contact_id, channelId: row.channel_id })),
  );
}

/** The consent records among these keys that refuse messages (read as they are: no lock). */
async function refusing(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  keys: Array<Pick<ConsentKey, "contactId" | "channelId">>,
): Promise<ConsentRow[]> {
  return (await findConsents(db, organizationId, keys)).filter(refuses);
}

/** Which of these contacts refuse messages on the channel now (a read, for previews: the send gate decides). */
export async function optedOutOf(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  channelId: string,
  contactIds: string[],
): Promise<string[]> {
  const refused = await refusing(
    db,
    organizationId,
    contactIds.map((contactId) => ({ contactId, channelId })),
  );
  return refused.map((row) => row.contact_id);
}
