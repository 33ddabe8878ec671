import { type MigrateSequenceRuns, NotFoundError, type StoredStep } from "@relay/domain";
import { findVersion, findVersions, lockSequence, versionKey } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { runsChanged } from "./events.js";

/**
 * `POST /v1/sequences/{id}/migrate_runs`: an explicit move of runs in flight to the current
 * version. A run moves when the step it rests on is in the current version (steps keep their id
 * by key) as the same kind of step, so its pending row, timer and history stay true; the others
 * keep the version they started on, as do runs on another kind of channel than the sequence's
 * now (its steps were written for that one: an email's subject). Nothing else about a run changes.
 */
export async function migrateRuns(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
  input: MigrateSequenceRuns,
): Promise<{ message: string; version: number; moved: number; kept: number }> {
  return deps.transact(async (trx) => {
    const sequence = await lockSequence(trx, organizationId, id);
    if (!sequence) throw new NotFoundError("sequence");
    const current = new Map(
      ((await findVersion(trx, id, sequence.version)).steps as StoredStep[]).map((step) => [step.id, step]),
    );
    let query = trx
      .selectFrom("sequence_runs")
      .selectAll()
      .where("sequence_id", "=", id)
      .where("status", "=", "active")
      .where("version", "<", sequence.version);
    if (input.from_version !== undefined) query = query.where("version", "=", input.from_version);
    const runs = await query.orderBy("id").forUpdate().execute();
    const versions = await findVersions(trx, runs);
    const movable = runs.filter((run) => {
      if (run.channel_type !== sequence.channel_type) return false;
      const steps = (versions.get(versionKey(run))?.steps ?? []) as StoredStep[];
      const resting = steps.find((step) => step.id === run.current_step_id);
      return resting !== undefined && current.get(resting.id)?.type === resting.type;
    });
    const moved =
      movable.length === 0
        ? []
        : await trx
            .updateTable("sequence_runs")
            .set({ version: sequence.version, updated_at: deps.now() })
            .where(
              "id",
              "in",
              movable.map((run) => run.id),
            )
            .returningAll()
            .execute();
    await runsChanged(trx, moved);
    return {
      message: `${moved.length} runs moved to version ${sequence.version}`,
      version: sequence.version,
      moved: moved.length,
      kept: runs.length - moved.length,
    };
  });
}
