import type { ImportProgress } from "./import-run.js";

/** At most this many problems are in the page at once; the counts cover all of them. */
const SHOWN_PROBLEMS = 200;

export function ImportResults({
  progress,
  running,
  onCancel,
}: {
  progress: ImportProgress;
  running: boolean;
  onCancel: () => void;
}) {
  const { sent, total, created, updated, unchanged, problems } = progress;
  const failedRows = new Set(problems.map((p) => p.row)).size;
  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">4. Import</h2>
      <div className="import-progress">
        <progress max={total} value={sent} aria-label="Rows sent" />
        <span aria-live="polite">
          {sent.toLocaleString()} of {total.toLocaleString()} rows sent
          {running ? "…" : sent < total ? " (stopped)" : "."}
        </span>
        {running && (
          <button type="button" className="secondary" onClick={onCancel}>
            Stop after this chunk
          </button>
        )}
      </div>
      <div className="stat-row">
        <div className="stat">
          <strong>{created.toLocaleString()}</strong>
          <span>created</span>
        </div>
        <div className="stat">
          <strong>{updated.toLocaleString()}</strong>
          <span>updated</span>
        </div>
        <div className="stat">
          <strong>{unchanged.toLocaleString()}</strong>
          <span>unchanged</span>
        </div>
        <div className="stat">
          <strong>{failedRows.toLocaleString()}</strong>
          <span>rows not imported</span>
        </div>
      </div>
      {problems.length > 0 && (
        <div className="table-scroll">
          <table className="data-table problems-table">
            <caption className="sr-only">Rows not imported</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Field</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
                <tr key={`${problem.row}-${problem.field ?? ""}-${problem.message}`}>
                  <td>Row {problem.row}</td>
                  <td>{problem.column ?? ""}</td>
                  <td>{problem.field ?? ""}</td>
                  <td>
                    {problem.status === "conflict" ? "Conflict: " : ""}
                    {problem.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {problems.length > SHOWN_PROBLEMS && (
            <p className="hint">
              Showing the first {SHOWN_PROBLEMS} of {problems.length.toLocaleString()} problems.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
