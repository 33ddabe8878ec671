import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { fieldError, v1 } from "../api.js";
import { fullTime } from "../format.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorNote } from "../ui/page.js";
import { SecretValue } from "../ui/secret-value.js";
import { Field } from "./field.js";
import type { ApiKey, Page } from "./types.js";

/** `/app/settings/api-keys`: the organization's keys (`/v1/api_keys`); a new key is shown once. */
export function ApiKeysScreen() {
  const client = useQueryClient();
  const keys = useQuery({
    queryKey: ["settings", "api-keys"],
    queryFn: () => v1.get<Page<ApiKey>>("/api_keys?limit=500"),
  });
  const [name, setName] = useState("");
  const [revoking, setRevoking] = useState<ApiKey>();
  const refresh = () => client.invalidateQueries({ queryKey: ["settings", "api-keys"] });
  const create = useMutation({
    mutationFn: async () => (await v1.post<{ data: ApiKey & { key: string } }>("/api_keys", { name })).data,
    onSuccess: async () => {
      setName("");
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => v1.delete(`/api_keys/${key.id}`),
    onSuccess: async () => {
      setRevoking(undefined);
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <div>
      <h2 className="settings-heading">API keys</h2>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="new-key-title">
        <h3 id="new-key-title">Create a key</h3>
        <div className="inline-form">
          <Field label="Key name" error={fieldError(create.error, "name")}>
            {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create key
          </button>
        </div>
        {create.data && (
          <SecretValue
            label={`New key ${create.data.name}`}
            value={create.data.key}
            note="Copy it now: it is shown only this once."
          />
        )}
      </form>
      <ErrorNote error={keys.error} />
      <div className="table-scroll">
        <table className="data-table stacked">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data?.data.map((key) => (
              <tr key={key.id}>
                <td>
                  {key.name} {!key.enabled && <span className="pill closed">Disabled</span>}
                </td>
                <td data-label="Key">
                  <code>{key.prefix}…</code>
                </td>
                <td data-label="Created">{fullTime(key.created_at)}</td>
                <td data-label="Last used">
                  {key.last_used_at ? fullTime(key.last_used_at) : <span className="hint">Never</span>}
                </td>
                <td className="row-actions">
                  <button type="button" className="link danger-link" onClick={() => setRevoking(key)}>
                    Revoke {key.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        title={`Revoke ${revoking?.name ?? ""}?`}
        action="Revoke key"
        isOpen={Boolean(revoking)}
        onClose={() => {
          revoke.reset();
          setRevoking(undefined);
        }}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        busy={revoke.isPending}
        error={revoke.error}
      >
        <p>Anything still using this key is refused from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
