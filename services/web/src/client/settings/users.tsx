import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { v1, webApi } from "../api.js";
import { useSession } from "../app/session.js";
import { ConfirmDialog } from "../ui/confirm-dialog.js";
import { ErrorNote } from "../ui/page.js";
import { usersQuery } from "./channel-access.js";
import { InviteDialog } from "./invite-dialog.js";
import { RoleSelect } from "./role-select.js";
import { TeamsCard } from "./teams.js";
import type { UserRow } from "./types.js";

/** `/app/settings/users`: users with their roles (invite, change role, sign out everywhere, remove), then teams. */
export function UsersScreen() {
  const client = useQueryClient();
  const session = useSession();
  const users = useQuery(usersQuery);
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<UserRow>();
  const [note, setNote] = useState<string>();
  const refresh = () => client.invalidateQueries({ queryKey: ["settings", "users"] });
  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: number; role: string }) => v1.put(`/users/${id}`, { role }),
    onSuccess: refresh,
  });
  const signOut = useMutation({
    mutationFn: (user: UserRow) =>
      webApi
        .delete<{ data: { revoked: number } }>(`/users/${user.id}/sessions`)
        .then((r) => ({ user, ...r })),
    onSuccess: ({ user, data }) => setNote(`${user.name}: ${data.revoked} session(s) ended.`),
  });
  const remove = useMutation({
    mutationFn: (user: UserRow) => v1.delete(`/users/${user.id}`),
    onSuccess: async () => {
      setRemoving(undefined);
      await refresh();
      await client.invalidateQueries({ queryKey: ["settings", "teams"] });
    },
  });
  return (
    <div>
      <div className="settings-bar">
        <h2 className="settings-heading">Users</h2>
        <button type="button" className="primary" onClick={() => setInviting(true)}>
          Invite a user
        </button>
      </div>
      <ErrorNote error={users.error ?? changeRole.error ?? signOut.error} />
      {note && <p role="status">{note}</p>}
      <div className="table-scroll">
        <table className="data-table stacked">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data?.data.map((user) => {
              const self = user.id === session.user.id;
              return (
                <tr key={user.id}>
                  <td>{user.name}</td>
                  <td data-label="Email">{user.email}</td>
                  <td data-label="Role">
                    <RoleSelect
                      label={`Role of ${user.name}`}
                      value={user.role}
                      isDisabled={self}
                      hideLabel
                      onChange={(role) => changeRole.mutate({ id: user.id, role })}
                    />
                  </td>
                  <td className="row-actions">
                    <button type="button" className="link" onClick={() => signOut.mutate(user)}>
                      Sign out everywhere
                    </button>
                    {!self && (
                      <button type="button" className="link danger-link" onClick={() => setRemoving(user)}>
                        Remove {user.name}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <InviteDialog isOpen={inviting} onClose={() => setInviting(false)} />
      <ConfirmDialog
        title={`Remove ${removing?.name ?? ""}?`}
        action="Remove user"
        isOpen={Boolean(removing)}
        onClose={() => {
          remove.reset();
          setRemoving(undefined);
        }}
        onConfirm={() => removing && remove.mutate(removing)}
        busy={remove.isPending}
        error={remove.error}
      >
        <p>They can no longer sign in, and leave every team and channel. Their conversations stay.</p>
      </ConfirmDialog>
      <TeamsCard />
    </div>
  );
}
