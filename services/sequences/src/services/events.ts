import {
  SequenceCreated,
  SequenceRunCreated,
  SequenceRunUpdated,
  SequenceUpdated,
  StepContactCreated,
  StepContactUpdated,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { RunRow, RunStepRow, SequenceRow, SequencesDB, VersionRow } from "../db/schema.js";
import { toRun, toSequence, toStepContact } from "./views.js";

type Trx = Transaction<SequencesDB>;

/** `sequences.sequence.created|updated` in the change's transaction; returns the sequence as the API shows it. */
export async function sequenceChanged(trx: Trx, row: SequenceRow, version: VersionRow, created = false) {
  const sequence = toSequence(row, version);
  await enqueue(trx, newEvent(created ? SequenceCreated : SequenceUpdated, row.organization_id, sequence));
  return sequence;
}

export async function runsChanged(trx: Trx, rows: RunRow[], created = false) {
  await enqueue(
    trx,
    ...rows.map((row) =>
      newEvent(created ? SequenceRunCreated : SequenceRunUpdated, row.organization_id, toRun(row)),
    ),
  );
}

export async function stepsChanged(trx: Trx, changes: { row: RunStepRow; run: RunRow }[], created = false) {
  await enqueue(
    trx,
    ...changes.map(({ row, run }) =>
      newEvent(
        created ? StepContactCreated : StepContactUpdated,
        run.organization_id,
        toStepContact(row, run),
      ),
    ),
  );
}

export async function stepChanged(trx: Trx, row: RunStepRow, run: RunRow, created = false) {
  await enqueue(
    trx,
    newEvent(created ? StepContactCreated : StepContactUpdated, run.organization_id, toStepContact(row, run)),
  );
}
