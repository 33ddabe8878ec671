import { useQuery } from "@tanstack/react-query";
import { v1 } from "../../api.js";
import type { List, User } from "../../types.js";
import { Choice } from "../fields.js";
import type { StepKind } from "./kind.js";
import { ThenSelect } from "./then-select.js";

interface Team {
  id: string;
  name: string;
}

export const assignStep: StepKind = {
  type: "assign",
  label: "Assign the conversation",
  blank: () => ({}),
  fields: ["user_id", "team_id", "next"],
  Form: ({ step, steps, change, problem }) => {
    const users = useQuery({
      queryKey: ["users", "all"],
      queryFn: () => v1.get<List<User>>("/users?limit=500"),
    });
    const teams = useQuery({
      queryKey: ["teams", "all"],
      queryFn: () => v1.get<List<Team>>("/teams?limit=500"),
    });
    return (
      <>
        <Choice
          label="User"
          value={step.user_id === undefined ? undefined : String(step.user_id)}
          options={(users.data?.data ?? []).map((user) => ({ id: String(user.id), label: user.name }))}
          onChange={(id) => change({ user_id: id === undefined ? undefined : Number(id) })}
          emptyLabel="No user"
          error={problem("user_id")}
        />
        <Choice
          label="Team"
          value={step.team_id}
          options={(teams.data?.data ?? []).map((team) => ({ id: team.id, label: team.name }))}
          onChange={(team_id) => change({ team_id })}
          emptyLabel="No team"
          error={problem("team_id")}
        />
        <ThenSelect step={step} steps={steps} change={change} problem={problem} />
      </>
    );
  },
};
