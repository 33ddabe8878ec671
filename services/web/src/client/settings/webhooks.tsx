import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { fieldError, v1 } from "../api.js";
import { ErrorNote } from "../ui/page.js";
import { SecretValue } from "../ui/secret-value.js";
import { EventTypePicker } from "./event-type-picker.js";
import { Field } from "./field.js";
import type { Endpoint, Page } from "./types.js";

export const endpointsQuery = {
  queryKey: ["settings", "endpoints"],
  queryFn: () => v1.get<Page<Endpoint>>("/developers/endpoints?limit=500"),
};

/** `/app/settings/webhooks`: endpoints (`/v1/developers/endpoints`); a new one's signing secret is shown once. */
export function WebhooksScreen() {
  const client = useQueryClient();
  const endpoints = useQuery(endpointsQuery);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: async () =>
      (
        await v1.post<{ data: Endpoint }>("/developers/endpoints", {
          url,
          event_types: events,
        })
      ).data,
    onSuccess: async () => {
      setUrl("");
      setEvents([]);
      await client.invalidateQueries({ queryKey: ["settings", "endpoints"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const error = (field: string) => fieldError(create.error, field);
  return (
    <div>
      <h2 className="settings-heading">Webhooks</h2>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="new-endpoint-title">
        <h3 id="new-endpoint-title">Add an endpoint</h3>
        <div className="form-grid">
          <Field label="Endpoint URL" error={error("url")} hint="Relay POSTs each event here, signed.">
            {(props) => <input {...props} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />}
          </Field>
        </div>
        <EventTypePicker value={events} onChange={setEvents} error={error("event_types")} />
        <ErrorNote
          error={create.error && !error("url") && !error("event_types") ? create.error : undefined}
        />
        <div className="toolbar form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Add endpoint
          </button>
        </div>
        {create.data?.signing_secret && (
          <SecretValue
            label={`Signing secret for ${create.data.url}`}
            value={create.data.signing_secret}
            note="Check each delivery's signature with it. It is shown only this once."
          />
        )}
      </form>
      <ErrorNote error={endpoints.error} />
      <div className="table-scroll">
        <table className="data-table stacked">
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data?.data.map((endpoint) => (
              <tr key={endpoint.id}>
                <td className="wrap">
                  <Link to={endpoint.id}>{endpoint.url}</Link>
                </td>
                <td data-label="Events">{endpoint.event_types.join(", ")}</td>
                <td data-label="State">
                  <EndpointState endpoint={endpoint} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {endpoints.data?.total === 0 && <p className="empty">No endpoints yet.</p>}
    </div>
  );
}

export function EndpointState({ endpoint }: { endpoint: Endpoint }) {
  if (endpoint.active) return <span className="pill">Enabled</span>;
  return (
    <span className="pill closed" title={endpoint.disabled_reason ?? undefined}>
      Disabled{endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ""}
    </span>
  );
}
