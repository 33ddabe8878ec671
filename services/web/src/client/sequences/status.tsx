const LABEL: Record<string, string> = {
  draft: "Draft",
  active: "Active",
  archived: "Archived",
  completed: "Completed",
  stopped: "Stopped",
};

/** A sequence's or a run's status, as a pill. */
export function StatusPill({ status }: { status: string }) {
  return <span className={`pill status-${status}`}>{LABEL[status] ?? status}</span>;
}
