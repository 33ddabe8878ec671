import { type Channel, ValidationError } from "@relay/domain";
import type { ConversationsDeps } from "../../deps.js";
import type { Parties } from "../../policies/policy.js";
import { type BulkOutcomes, refuseRow } from "./bulk-outcome.js";
import { resolveRecipients } from "./bulk-recipients.js";
import type { BulkRow } from "./bulk-row.js";
import { addressingOf, type RowSend, rowSend } from "./row-send.js";

/** A row whose parties are known: ready for the consent gate. */
export interface ReadyRow extends BulkRow {
  parties: Parties;
  send: RowSend;
  /** Core answered for the contact: it goes into the projection with the message. */
  fromCore: boolean;
}

/** A validation error as a value (the row is refused), anything else thrown (the batch fails). */
async function refusalOr<T>(work: () => Promise<T>): Promise<T | ValidationError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

/** Each distinct `from` of a type once; the channel catalog behind `senderChannel` caches them. */
async function channelsOf(deps: ConversationsDeps, organizationId: string, rows: BulkRow[]) {
  const keyOf = (row: BulkRow) => `${row.message.type}\n${row.message.from}`;
  const distinct = new Map(rows.map((row) => [keyOf(row), row]));
  const channels = await Promise.all(
    [...distinct].map(async ([key, row]) => {
      const channel = await refusalOr(() =>
        addressingOf(row.message).senderChannel(deps, organizationId, row.message.from),
      );
      return [key, channel] as const;
    }),
  );
  const byKey = new Map<string, Channel | ValidationError>(channels);
  return (row: BulkRow) => byKey.get(keyOf(row));
}

const NO_ADDRESS = { phone: "has no phone number", email: "has no email address" } as const;

/**
 * The channel by `from` and the contact by `to` or `contact_id` of every row, with the checks
 * that need no lock (an email address's hard bounce), as the single send finds them: a row
 * whose channel is not the organization's never creates a contact. Refused rows go to `outcomes`.
 */
export async function resolveBulkParties(
  deps: ConversationsDeps,
  organizationId: string,
  rows: BulkRow[],
  outcomes: BulkOutcomes,
): Promise<ReadyRow[]> {
  const channelOf = await channelsOf(deps, organizationId, rows);
  const sendable: Array<{ row: BulkRow; channel: Channel }> = [];
  for (const row of rows) {
    const channel = channelOf(row);
    if (channel === undefined || channel instanceof ValidationError) {
      outcomes.set(refuseRow(row, channel ?? ValidationError.field("from", "is not a channel")));
    } else sendable.push({ row, channel });
  }
  const recipients = await resolveRecipients(
    deps,
    organizationId,
    sendable.map(({ row }) => row),
  );
  const decided = await Promise.all(
    sendable.map(async ({ row, channel }) => {
      const found = recipients.get(row.index);
      if (found === undefined || found instanceof ValidationError) {
        return refuseRow(row, found ?? ValidationError.field("to", "has no contact"));
      }
      const addressing = addressingOf(row.message);
      const { contact } = found;
      if (row.message.contact_id !== undefined && contact[addressing.recipientBy] === undefined) {
        return refuseRow(row, ValidationError.field("contact_id", NO_ADDRESS[addressing.recipientBy]));
      }
      const checked = await refusalOr(async () => {
        const addresses = addressing.addresses(channel, contact, row.message);
        await addressing.checkRecipient?.(deps.db, { organizationId, channelId: channel.id }, addresses.to);
        return addresses;
      });
      if (checked instanceof ValidationError) return refuseRow(row, checked);
      const parties = { channel, contact, ...checked };
      return { ...row, parties, send: rowSend(row.message, checked.to), fromCore: found.fromCore };
    }),
  );
  const ready: ReadyRow[] = [];
  for (const entry of decided) {
    if ("status" in entry) outcomes.set(entry);
    else ready.push(entry);
  }
  return ready;
}
