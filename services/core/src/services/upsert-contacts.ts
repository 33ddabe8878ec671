import {
  type EventEnvelope,
  UpsertContactRow,
  type UpsertContacts,
  type UpsertContactsResult,
  type UpsertOutcome,
  ValidationError,
  validationErrorFrom,
} from "@relay/domain";
import { enqueue } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { duplicateField, inSavepoint, isTransient, lockIdentifiers } from "../db/contacts.js";
import type { CoreDB } from "../db/schema.js";
import type { CoreDeps } from "../deps.js";
import { identifiersOf } from "./contact-changes.js";
import { loadInputContext, prepareInput } from "./contact-input.js";
import { type PreparedRow, type RowResult, upsertContactRow } from "./upsert-contact-row.js";

function invalid(index: number, error: ValidationError): UpsertOutcome {
  return { index, status: "invalid", error: error.message, details: error.details ?? [] };
}

function summarize(results: UpsertOutcome[]): UpsertContactsResult {
  const count = (status: UpsertOutcome["status"]) => results.filter((r) => r.status === status).length;
  const summary = {
    created: count("created"),
    updated: count("updated"),
    unchanged: count("unchanged"),
    conflicts: count("conflict"),
    invalid: count("invalid"),
  };
  const message =
    `${results.length} contacts processed: ${summary.created} created, ${summary.updated} updated, ` +
    `${summary.unchanged} unchanged, ${summary.conflicts} conflicts, ${summary.invalid} invalid`;
  return { message, results, ...summary };
}

function raced(index: number, error: unknown): UpsertOutcome {
  const field = `contacts.${index}.${duplicateField(error)}`;
  const message = "was taken by a concurrent write; retry the row";
  return { index, status: "conflict", error: `${field} ${message}`, details: [{ field, message }] };
}

/** One row in its own savepoint; a row that lost a race for an identifier is looked at once more. */
async function settleRow(
  trx: Transaction<CoreDB>,
  organizationId: string,
  row: PreparedRow,
): Promise<RowResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inSavepoint(trx, () => upsertContactRow(trx, organizationId, row));
    } catch (error) {
      if (error instanceof ValidationError) return { outcome: invalid(row.index, error) };
      if (!duplicateField(error)) throw error;
      // Another request committed the same identifier meanwhile: now it is there to be matched.
      if (attempt >= 2) return { outcome: raced(row.index, error) };
    }
  }
}

/**
 * Writes the valid rows in one transaction. Identifier locks make concurrent upserts of the
 * same people wait for each other; a remaining deadlock (on rows found through different
 * identifiers) runs the transaction again, up to 3 times.
 */
async function writeRows(
  deps: CoreDeps,
  organizationId: string,
  rows: PreparedRow[],
): Promise<UpsertOutcome[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.transact(async (trx) => {
        await lockIdentifiers(
          trx,
          organizationId,
          rows.map((row) => identifiersOf(row.patch)),
        );
        const outcomes: UpsertOutcome[] = [];
        const events: EventEnvelope[] = [];
        for (const row of rows) {
          const { outcome, event } = await settleRow(trx, organizationId, row);
          outcomes.push(outcome);
          if (event) events.push(event);
        }
        await enqueue(trx, ...events);
        return outcomes;
      });
    } catch (error) {
      if (attempt >= 3 || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 100 * attempt));
    }
  }
}

/**
 * Creates or updates each row, in order, in one transaction; each row has its own savepoint
 * so a failing row leaves the others alone. Rows are validated one by one (`invalid`, with
 * fields named `contacts.<index>.<field>`). A later row with the key of an earlier row of the
 * same request updates the contact that row created or updated.
 */
export async function upsertContacts(
  deps: CoreDeps,
  organizationId: string,
  body: UpsertContacts,
): Promise<UpsertContactsResult> {
  const results: UpsertOutcome[] = [];
  const parsed: Array<{ index: number; input: UpsertContactRow }> = [];
  body.contacts.forEach((raw, index) => {
    const result = UpsertContactRow.safeParse(raw);
    if (result.success) parsed.push({ index, input: result.data });
    else results[index] = invalid(index, validationErrorFrom(result.error, `contacts.${index}`));
  });
  const ctx = await loadInputContext(
    deps,
    organizationId,
    parsed.map((row) => row.input),
  );
  const prepared: PreparedRow[] = [];
  for (const { index, input } of parsed) {
    try {
      prepared.push({ index, ...prepareInput(input, ctx, `contacts.${index}`) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      results[index] = invalid(index, error);
    }
  }
  for (const outcome of await writeRows(deps, organizationId, prepared)) results[outcome.index] = outcome;
  return summarize(results);
}
