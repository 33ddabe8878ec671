import type { Sequence, SequenceRun } from "@relay/domain";
import { useQueries, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { v1 } from "../api.js";
import { shortTime } from "../format.js";
import type { List } from "../types.js";
import { ErrorNote, PageHeader } from "../ui/page.js";
import { Pager } from "../ui/pager.js";
import { StatusPill } from "./status.js";

const PAGE = 25;

/** `/sequences`: every sequence, newest first, with its active runs. */
export function SequencesPage() {
  const [params, setParams] = useSearchParams();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const list = useQuery({
    queryKey: ["sequences", offset],
    queryFn: () => v1.get<List<Sequence>>(`/sequences?limit=${PAGE}&offset=${offset}`),
  });
  const rows = list.data?.data ?? [];
  // The runs list's total is the count: one small read a row, no count field to keep in the API.
  const active = useQueries({
    queries: rows.map((sequence) => ({
      queryKey: ["sequence-runs", sequence.id, "active", "count"],
      queryFn: () =>
        v1
          .get<List<SequenceRun>>(`/sequences/runs?sequence_id=${sequence.id}&status=active&limit=1`)
          .then((r) => r.total),
      refetchInterval: 10_000,
    })),
  });
  return (
    <section className="page seq-page">
      <PageHeader title="Sequences">
        <Link className="primary button-link" to="/sequences/new">
          New sequence
        </Link>
      </PageHeader>
      <ErrorNote error={list.error} />
      {list.data && list.data.total === 0 && (
        <div className="card">
          <p>
            No sequence yet: a sequence sends, waits for replies, branches on them and tags contacts by
            itself.
          </p>
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table stacked">
            <caption className="sr-only">Sequences</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Version</th>
                <th scope="col" className="hide-narrow">
                  Steps
                </th>
                <th scope="col">Active runs</th>
                <th scope="col" className="hide-narrow">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((sequence, i) => (
                <tr key={sequence.id}>
                  <td>
                    <Link to={`/sequences/${sequence.id}`}>{sequence.title}</Link>
                  </td>
                  <td data-label="Status">
                    <StatusPill status={sequence.status} />
                  </td>
                  <td data-label="Version">{sequence.version}</td>
                  <td data-label="Steps" className="hide-narrow">
                    {sequence.steps.length}
                  </td>
                  <td data-label="Active runs">{active[i]?.data ?? "…"}</td>
                  <td data-label="Updated" className="hide-narrow">
                    {shortTime(sequence.updated_at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (
        <Pager
          offset={offset}
          limit={PAGE}
          total={list.data.total}
          onOffset={(next) => setParams(next ? { offset: String(next) } : {})}
        />
      )}
    </section>
  );
}
