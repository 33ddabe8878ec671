import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { fieldError, v1 } from "../api.js";
import { ModalDialog } from "../ui/dialog.js";
import { ErrorNote } from "../ui/page.js";
import { usersQuery } from "./channel-access.js";
import { Field } from "./field.js";
import type { Page, Team } from "./types.js";

/** Teams (`/v1/teams`): create, rename, choose members, delete. */
export function TeamsCard() {
  const teams = useQuery({
    queryKey: ["settings", "teams"],
    queryFn: () => v1.get<Page<Team>>("/teams?limit=500"),
  });
  const users = useQuery(usersQuery);
  const [editing, setEditing] = useState<Team | "new">();
  const nameOf = (id: number) => users.data?.data.find((u) => u.id === id)?.name ?? `#${id}`;
  return (
    <section aria-labelledby="teams-title" className="settings-block">
      <div className="settings-bar">
        <h2 id="teams-title" className="settings-heading">
          Teams
        </h2>
        <button type="button" className="secondary" onClick={() => setEditing("new")}>
          New team
        </button>
      </div>
      <ErrorNote error={teams.error} />
      <div className="table-scroll">
        <table className="data-table stacked">
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Members</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {teams.data?.data.map((team) => (
              <tr key={team.id}>
                <td>{team.name}</td>
                <td data-label="Members">
                  {team.user_ids.map(nameOf).join(", ") || <span className="hint">Nobody yet</span>}
                </td>
                <td className="row-actions">
                  <button type="button" className="link" onClick={() => setEditing(team)}>
                    Edit {team.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {teams.data?.total === 0 && <p className="empty">No teams yet.</p>}
      {editing && (
        <TeamDialog team={editing === "new" ? undefined : editing} onClose={() => setEditing(undefined)} />
      )}
    </section>
  );
}

function TeamDialog({ team, onClose }: { team: Team | undefined; onClose: () => void }) {
  const client = useQueryClient();
  const users = useQuery(usersQuery);
  const [name, setName] = useState(team?.name ?? "");
  const [members, setMembers] = useState(new Set(team?.user_ids ?? []));
  const done = async () => {
    await client.invalidateQueries({ queryKey: ["settings", "teams"] });
    await client.invalidateQueries({ queryKey: ["teams"] });
    onClose();
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { name, user_ids: [...members] };
      return team ? v1.put(`/teams/${team.id}`, body) : v1.post("/teams", body);
    },
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: () => v1.delete(`/teams/${team?.id}`), onSuccess: done });
  const toggle = (id: number, on: boolean) =>
    setMembers((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <ModalDialog title={team ? `Edit ${team.name}` : "New team"} isOpen onClose={onClose}>
      <form onSubmit={submit} className="dialog-form" noValidate>
        <Field label="Team name" error={fieldError(save.error, "name")}>
          {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset className="members">
          <legend>Members</legend>
          <ul className="check-list">
            {users.data?.data.map((user) => (
              <li key={user.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={members.has(user.id)}
                    onChange={(e) => toggle(user.id, e.target.checked)}
                  />
                  {user.name}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <ErrorNote error={fieldError(save.error, "name") ? undefined : (save.error ?? remove.error)} />
        <div className="toolbar dialog-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save team
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          {team && (
            <button
              type="button"
              className="danger"
              onClick={() => remove.mutate()}
              disabled={remove.isPending}
            >
              Delete team
            </button>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}
