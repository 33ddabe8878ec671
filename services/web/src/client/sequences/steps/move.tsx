import type { Sequence } from "@relay/domain";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { v1 } from "../../api.js";
import type { List } from "../../types.js";
import { Choice } from "../fields.js";
import type { StepKind } from "./kind.js";

export const moveStep: StepKind = {
  type: "move",
  label: "Move to another sequence",
  blank: () => ({}),
  fields: ["sequence_id"],
  Form: ({ step, change, problem }) => {
    const { id } = useParams();
    const sequences = useQuery({
      queryKey: ["sequences", "all"],
      queryFn: () => v1.get<List<Sequence>>("/sequences?limit=500"),
    });
    const others = (sequences.data?.data ?? []).filter((sequence) => sequence.id !== id);
    return (
      <Choice
        label="Sequence"
        value={step.sequence_id}
        options={others.map((sequence) => ({
          id: sequence.id,
          label: `${sequence.title} (${sequence.status})`,
        }))}
        onChange={(sequence_id) => change({ sequence_id })}
        emptyLabel="Choose a sequence"
        error={problem("sequence_id")}
      />
    );
  },
};
