import { ListInput } from "../fields.js";
import type { StepKind } from "./kind.js";
import { ThenSelect } from "./then-select.js";

export const tagStep: StepKind = {
  type: "tag",
  label: "Tag the contact",
  blank: () => ({}),
  fields: ["add", "remove", "next"],
  Form: ({ step, steps, change, problem }) => (
    <>
      <ListInput
        label="Add tags"
        value={step.add}
        onChange={(add) => change({ add })}
        error={problem("add")}
        hint="Tag names, separated by commas (a new name creates the tag)"
      />
      <ListInput
        label="Remove tags"
        value={step.remove}
        onChange={(remove) => change({ remove })}
        error={problem("remove")}
      />
      <ThenSelect step={step} steps={steps} change={change} problem={problem} />
    </>
  ),
};
