import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { v1 } from "../api.js";
import { fullTime } from "../format.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorNote } from "../ui/page.js";
import { Pager } from "../ui/pager.js";
import type { Delivery, Endpoint, Page } from "./types.js";
import { EndpointState } from "./webhooks.js";

const LIMIT = 25;

/** `/app/settings/webhooks/:id`: the endpoint (enable, disable, test, delete) and its delivery log. */
export function EndpointScreen() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const endpoint = useQuery({
    queryKey: ["settings", "endpoint", id],
    queryFn: async () => (await v1.get<{ data: Endpoint }>(`/developers/endpoints/${id}`)).data,
  });
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ["settings", "endpoint", id] });
    await client.invalidateQueries({ queryKey: ["settings", "deliveries", id] });
    await client.invalidateQueries({ queryKey: ["settings", "endpoints"] });
  };
  const toggle = useMutation({
    mutationFn: (active: boolean) => v1.put(`/developers/endpoints/${id}`, { active }),
    onSuccess: refresh,
  });
  const test = useMutation({
    mutationFn: () => v1.post(`/developers/endpoints/${id}/test`, {}),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => v1.delete(`/developers/endpoints/${id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ["settings", "endpoints"] });
      navigate("..", { relative: "path" });
    },
  });
  const data = endpoint.data;
  return (
    <div>
      <p>
        <Link to=".." relative="path" className="link">
          ← All endpoints
        </Link>
      </p>
      <ErrorNote error={endpoint.error} />
      {data && (
        <section className="card" aria-labelledby="endpoint-title">
          <h2 id="endpoint-title" className="wrap">
            {data.url}
          </h2>
          <p>
            <EndpointState endpoint={data} />{" "}
            <span className="hint">Events: {data.event_types.join(", ")}</span>
          </p>
          <ErrorNote error={toggle.error ?? test.error} />
          <div className="toolbar">
            <button type="button" className="secondary" onClick={() => test.mutate()} disabled={!data.active}>
              Send a test event
            </button>
            <button type="button" className="secondary" onClick={() => toggle.mutate(!data.active)}>
              {data.active ? "Disable" : "Enable"}
            </button>
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete endpoint
            </button>
          </div>
          {test.isSuccess && <p role="status">Test event queued: it shows in the log below.</p>}
        </section>
      )}
      {data && <DeliveryLog endpoint={data} />}
      <ConfirmDialog
        title="Delete this endpoint?"
        action="Delete endpoint"
        isOpen={deleting}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        error={remove.error}
      >
        <p>No more events are sent to {data?.url}; its delivery log goes with it.</p>
      </ConfirmDialog>
    </div>
  );
}

/** The endpoint's deliveries, newest first, refreshed every 2 s while pending ones remain. */
function DeliveryLog({ endpoint }: { endpoint: Endpoint }) {
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const deliveries = useQuery({
    queryKey: ["settings", "deliveries", endpoint.id, offset],
    queryFn: () =>
      v1.get<Page<Delivery>>(
        `/developers/endpoints/${endpoint.id}/deliveries?limit=${LIMIT}&offset=${offset}`,
      ),
    refetchInterval: (query) => (query.state.data?.data.some((d) => d.status === "pending") ? 2_000 : 5_000),
  });
  const retry = useMutation({
    mutationFn: (delivery: Delivery) =>
      v1.post(`/developers/endpoints/${endpoint.id}/deliveries/${delivery.id}/retry`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ["settings", "deliveries", endpoint.id] }),
  });
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title" className="settings-heading">
        Delivery log
      </h2>
      <ErrorNote error={deliveries.error ?? retry.error} />
      <div className="table-scroll">
        <table className="data-table stacked">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Response</th>
              <th scope="col">Time</th>
              <th scope="col">Last attempt</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data?.data.map((delivery) => (
              <tr key={delivery.id} data-status={delivery.status}>
                <td>{delivery.event}</td>
                <td data-label="Status">
                  <span className={`pill delivery-${delivery.status}`}>{delivery.status}</span>
                  {delivery.next_attempt_at && delivery.status === "pending" && (
                    <div className="hint">next {fullTime(delivery.next_attempt_at)}</div>
                  )}
                </td>
                <td data-label="Attempts">{delivery.attempts}</td>
                <td data-label="Response">{delivery.response_code ?? delivery.error ?? "—"}</td>
                <td data-label="Time">{delivery.latency_ms === null ? "—" : `${delivery.latency_ms} ms`}</td>
                <td data-label="Last attempt">
                  {delivery.last_attempt_at ? fullTime(delivery.last_attempt_at) : "—"}
                </td>
                <td className="row-actions">
                  {(delivery.status !== "pending" || delivery.attempts > 0) && (
                    <button
                      type="button"
                      className="link"
                      disabled={!endpoint.active}
                      onClick={() => retry.mutate(delivery)}
                    >
                      Retry now
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {deliveries.data?.total === 0 && <p className="empty">Nothing delivered yet.</p>}
      {deliveries.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          total={deliveries.data.total}
          onOffset={(next) => setParams(next ? { offset: String(next) } : {})}
        />
      )}
    </section>
  );
}
