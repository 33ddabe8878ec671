import type { Sequence, SequenceRun, StepContact } from "@relay/domain";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { v1 } from "../api.js";
import { fullTime, shortTime } from "../format.js";
import type { List } from "../types.js";
import { ErrorNote } from "../ui/page.js";
import { Pager } from "../ui/pager.js";
import { Choice } from "./fields.js";
import { StatusPill } from "./status.js";
import { useContactNames } from "./use-contacts.js";

const PAGE = 25;
const STATUSES = [
  { id: "active", label: "Active" },
  { id: "completed", label: "Completed" },
  { id: "stopped", label: "Stopped" },
  { id: "finished", label: "Finished (completed or stopped)" },
];

/** A sequence's runs, filtered by status (in the URL), and the open run's history. */
export function Runs({ sequence }: { sequence: Sequence }) {
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s.id === params.get("status"))?.id;
  const offset = Number(params.get("offset") ?? 0) || 0;
  const open = params.get("run") ?? undefined;
  const set = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) next.delete(name);
      else next.set(name, value);
    }
    setParams(next);
  };
  const query = new URLSearchParams({
    sequence_id: sequence.id,
    limit: String(PAGE),
    offset: String(offset),
  });
  if (status) query.set("status", status);
  const runs = useQuery({
    queryKey: ["sequence-runs", sequence.id, status, offset],
    queryFn: () => v1.get<List<SequenceRun>>(`/sequences/runs?${query}`),
    refetchInterval: 5_000,
  });
  const nameOf = useContactNames((runs.data?.data ?? []).map((run) => run.contact_id));
  const stepKey = (id: string | undefined) => sequence.steps.find((step) => step.id === id)?.key ?? "—";
  return (
    <>
      <div className="card">
        <div className="toolbar">
          <Choice
            label="Status"
            value={status}
            options={STATUSES}
            emptyLabel="All runs"
            onChange={(value) => set({ status: value, offset: undefined })}
            className="inline"
          />
        </div>
        <ErrorNote error={runs.error} />
        {runs.data && runs.data.total === 0 && (
          <p className="hint">No run{status ? " with that status" : " yet"}.</p>
        )}
        {runs.data && runs.data.total > 0 && (
          <div className="table-scroll">
            <table className="data-table stacked">
              <caption className="sr-only">Runs</caption>
              <thead>
                <tr>
                  <th scope="col">Contact</th>
                  <th scope="col">Status</th>
                  <th scope="col">At step</th>
                  <th scope="col" className="hide-narrow">
                    Version
                  </th>
                  <th scope="col">Started</th>
                  <th scope="col">
                    <span className="sr-only">History</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.data.data.map((run) => (
                  <tr key={run.id} className={run.id === open ? "selected" : undefined}>
                    <td>{nameOf(run.contact_id)}</td>
                    <td data-label="Status">
                      <StatusPill status={run.status} />
                      {run.stop_reason && <span className="hint"> {run.stop_reason.replace("_", " ")}</span>}
                      {run.paused_at && <span className="hint"> paused</span>}
                    </td>
                    <td data-label="At step">
                      {run.status === "active" ? stepKey(run.current_step_id) : "—"}
                    </td>
                    <td data-label="Version" className="hide-narrow">
                      {run.version}
                    </td>
                    <td data-label="Started">{shortTime(run.created_at)}</td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        aria-label={`History of ${nameOf(run.contact_id)}'s run`}
                        aria-pressed={run.id === open}
                        onClick={() => set({ run: run.id })}
                      >
                        History
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {runs.data && (
          <Pager
            offset={offset}
            limit={PAGE}
            total={runs.data.total}
            onOffset={(next) => set({ offset: String(next) })}
          />
        )}
      </div>
      {open && <RunHistory runId={open} name={nameOf} onClose={() => set({ run: undefined })} />}
    </>
  );
}

const OUTCOME: Record<string, string> = {
  sent: "Sent",
  refused: "Refused",
  replied: "Replied",
  timed_out: "Timed out",
  branched: "Branched",
  answered: "Answered",
  invalid: "Invalid answer",
  tagged: "Tagged",
  assigned: "Assigned",
  moved: "Moved",
  move_skipped: "Move skipped",
  ended: "Ended",
  stopped: "Stopped",
};

/** Each step a run entered, in order: what it sent, the reply, where it led. */
function RunHistory({
  runId,
  name,
  onClose,
}: {
  runId: string;
  name: (id: string) => string;
  onClose: () => void;
}) {
  const run = useQuery({
    queryKey: ["sequence-run", runId],
    queryFn: () =>
      v1
        .get<{ data: SequenceRun & { steps: StepContact[] } }>(`/sequences/runs/${runId}`)
        .then((r) => r.data),
    refetchInterval: 3_000,
  });
  return (
    <section className="card run-history" aria-labelledby="run-history-title">
      <header className="step-head">
        <h2 id="run-history-title">{run.data ? `${name(run.data.contact_id)}'s run` : "Run"}</h2>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </header>
      <ErrorNote error={run.error} />
      {run.data && (
        <>
          <p className="hint">
            <StatusPill status={run.data.status} /> version {run.data.version}, started{" "}
            {fullTime(run.data.created_at)}
            {run.data.last_reply && <> · last reply “{run.data.last_reply}”</>}
          </p>
          <ol className="history">
            {run.data.steps.map((step) => (
              <li key={step.id} className={`history-step state-${step.state}`}>
                <div className="history-head">
                  <strong>{step.step_key}</strong>
                  <span className="chip">{step.type.replaceAll("_", " ")}</span>
                  <span className={`pill state-${step.state}`}>
                    {step.outcome
                      ? (OUTCOME[step.outcome] ?? step.outcome)
                      : step.state === "pending"
                        ? "Pending"
                        : step.state}
                  </span>
                  <time className="hint" dateTime={step.done_at ?? step.due_at ?? step.entered_at}>
                    {step.done_at
                      ? fullTime(step.done_at)
                      : step.due_at
                        ? `due ${fullTime(step.due_at)}`
                        : fullTime(step.entered_at)}
                  </time>
                </div>
                {step.body && <p className="history-body">{step.body}</p>}
                {step.reply && <p className="history-reply">Reply: {step.reply}</p>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
