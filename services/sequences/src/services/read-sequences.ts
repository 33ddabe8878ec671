import {
  type ListSequenceRunsQuery,
  NotFoundError,
  type Pagination,
  type Sequence,
  type SequenceContact,
  type SequenceRun,
  type StepContact,
} from "@relay/domain";
import { findRun, listLatestRuns, listRuns, runSteps } from "../db/runs.js";
import type { SequenceRow } from "../db/schema.js";
import {
  findSequence,
  findSequencesByIds,
  findVersions,
  listSequences,
  versionKey,
} from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { toRun, toSequence, toSequenceContact, toStepContact } from "./views.js";

/** The organization's sequence, or 404 (another organization's id included). */
export async function sequenceRow(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
): Promise<SequenceRow> {
  const row = await findSequence(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("sequence");
  return row;
}

async function withSteps(deps: SequencesDeps, rows: SequenceRow[]): Promise<Sequence[]> {
  const versions = await findVersions(
    deps.db,
    rows.map((row) => ({ sequence_id: row.id, version: row.version })),
  );
  return rows.map((row) => {
    const version = versions.get(versionKey({ sequence_id: row.id, version: row.version }));
    if (!version) throw new Error(`sequence ${row.id} has no version ${row.version}`);
    return toSequence(row, version);
  });
}

export async function getSequence(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
): Promise<Sequence> {
  const [sequence] = await withSteps(deps, [await sequenceRow(deps, organizationId, id)]);
  return sequence as Sequence;
}

export async function listSequencePage(
  deps: SequencesDeps,
  organizationId: string,
  page: Pagination,
): Promise<{ data: Sequence[]; total: number }> {
  const { rows, total } = await listSequences(deps.db, organizationId, page);
  return { data: await withSteps(deps, rows), total };
}

export async function listSequenceContacts(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
  page: Pagination,
): Promise<{ data: SequenceContact[]; total: number }> {
  const row = await sequenceRow(deps, organizationId, id);
  const { rows, total } = await listLatestRuns(deps.db, row.id, page);
  return { data: rows.map(toSequenceContact), total };
}

/** Runs by the query's filters, newest first; a phone no contact has matches nothing. */
export async function listRunPage(
  deps: SequencesDeps,
  organizationId: string,
  query: ListSequenceRunsQuery,
): Promise<{ data: SequenceRun[]; total: number }> {
  let contactId = query.contact_id;
  if (query.phone !== undefined) {
    const contact = await deps.contacts.find(organizationId, { phone: query.phone });
    if (!contact || (contactId !== undefined && contact.id !== contactId)) return { data: [], total: 0 };
    contactId = contact.id;
  }
  const statuses = query.status === "finished" ? ["completed", "stopped"] : query.status && [query.status];
  const filter = { ...query, contact_id: contactId, statuses };
  const { rows, total } = await listRuns(deps.db, organizationId, filter, query);
  return { data: rows.map(toRun), total };
}

/** `GET /sequences/{id}/sequence_runs/{run_id}` (Whippy's path): the run, if it is of that sequence. */
export async function getRunOf(
  deps: SequencesDeps,
  organizationId: string,
  sequenceId: string,
  runId: string,
): Promise<SequenceRun & { steps: StepContact[] }> {
  const run = await getRun(deps, organizationId, runId);
  if (run.sequence_id !== sequenceId) throw new NotFoundError("sequence run");
  return run;
}

/**
 * `GET /contacts/{id}/sequences`: the contact's runs, newest first, each with its sequence's id and
 * title. Runs are read by organization; core is asked only when there are none, to tell a contact
 * not in the organization (404, as on every other contact route) from one never enrolled.
 */
export async function listContactSequences(
  deps: SequencesDeps,
  organizationId: string,
  contactId: string,
  page: Pagination,
): Promise<{
  data: Array<SequenceRun & { sequence: { id: string; title: string; status: string } }>;
  total: number;
}> {
  const { rows, total } = await listRuns(deps.db, organizationId, { contact_id: contactId }, page);
  if (total === 0 && (await deps.contacts.get(organizationId, contactId)) === null) {
    throw new NotFoundError("contact");
  }
  const sequences = await findSequencesByIds(deps.db, organizationId, [
    ...new Set(rows.map((r) => r.sequence_id)),
  ]);
  const byId = new Map(sequences.map((row) => [row.id, row]));
  return {
    data: rows.map((row) => {
      const sequence = byId.get(row.sequence_id);
      return {
        ...toRun(row),
        sequence: {
          id: row.sequence_id,
          title: sequence?.title ?? "",
          status: sequence?.status ?? "archived",
        },
      };
    }),
    total,
  };
}

/** `GET /v1/sequences/runs/{id}`: a run with its history (each step entered, what was sent, the reply). */
export async function getRun(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
): Promise<SequenceRun & { steps: StepContact[] }> {
  const run = await findRun(deps.db, organizationId, id);
  if (!run) throw new NotFoundError("sequence run");
  const history = await runSteps(deps.db, [run.id]);
  return { ...toRun(run), steps: history.map((row) => toStepContact(row, run)) };
}
