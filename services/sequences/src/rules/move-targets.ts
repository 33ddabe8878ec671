import { type StoredStep, ValidationError } from "@relay/domain";
import type { Kysely, Transaction } from "kysely";
import type { SequencesDB } from "../db/schema.js";
import { findSequencesByIds } from "../db/sequences.js";

/**
 * Every move step names another sequence of the organization (one archived later is skipped
 * when the run gets there); moving into itself would restart the run without a wait.
 */
export async function assertMoveTargets(
  db: Kysely<SequencesDB> | Transaction<SequencesDB>,
  organizationId: string,
  steps: readonly StoredStep[],
  selfId?: string,
): Promise<void> {
  const moves = steps.flatMap((step, index) =>
    step.type === "move" ? [{ index, id: step.sequence_id }] : [],
  );
  if (moves.length === 0) return;
  const found = new Set(
    (
      await findSequencesByIds(
        db,
        organizationId,
        moves.map((m) => m.id),
      )
    ).map((row) => row.id),
  );
  for (const move of moves) {
    const field = `steps.${move.index}.sequence_id`;
    if (move.id === selfId) throw ValidationError.field(field, "must be another sequence than this one");
    if (!found.has(move.id))
      throw ValidationError.field(field, `names no sequence of this organization: ${move.id}`);
  }
}
