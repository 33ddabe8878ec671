import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { v1 } from "../api.js";
import { ErrorNote } from "../ui/page.js";
import type { Page, UserRow } from "./types.js";

export const usersQuery = {
  queryKey: ["settings", "users"],
  queryFn: () => v1.get<Page<UserRow>>("/users?limit=500"),
};

/** Who may use a channel (`GET/PUT /v1/channels/{id}/users`): agents see only their channels' conversations. */
export function ChannelAccess({ channelId }: { channelId: string }) {
  const client = useQueryClient();
  const users = useQuery(usersQuery);
  const access = useQuery({
    queryKey: ["settings", "channel-users", channelId],
    queryFn: async () => (await v1.get<{ data: UserRow[] }>(`/channels/${channelId}/users`)).data,
  });
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [saved, setSaved] = useState(false);
  useEffect(() => setChosen(new Set(access.data?.map((u) => u.id))), [access.data]);
  const save = useMutation({
    mutationFn: () => v1.put<{ data: UserRow[] }>(`/channels/${channelId}/users`, { user_ids: [...chosen] }),
    onSuccess: ({ data }) => {
      client.setQueryData(["settings", "channel-users", channelId], data);
      setSaved(true);
    },
  });
  const toggle = (id: number, on: boolean) => {
    setSaved(false);
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  return (
    <section className="card" aria-labelledby="access-title">
      <h2 id="access-title">Who may use this channel</h2>
      <p className="hint">Admins reach every channel; agents only the ones ticked here.</p>
      <ErrorNote error={users.error ?? access.error ?? save.error} />
      <ul className="check-list">
        {users.data?.data.map((user) => (
          <li key={user.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={chosen.has(user.id)}
                onChange={(e) => toggle(user.id, e.target.checked)}
              />
              {user.name} <span className="hint">{user.role === "admin" ? "Admin" : "Agent"}</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="toolbar">
        <button type="button" className="secondary" onClick={() => save.mutate()} disabled={save.isPending}>
          Save access
        </button>
        {saved && <span role="status">Access saved.</span>}
      </div>
    </section>
  );
}
