import { TargetSelect } from "../fields.js";
import type { StepFormProps } from "./kind.js";

/** Where a step goes next (`next`), the step after it when none is picked. */
export function ThenSelect({
  step,
  steps,
  change,
  problem,
  label = "Then",
}: StepFormProps & { label?: string }) {
  return (
    <TargetSelect
      label={label}
      value={step.next}
      onChange={(next) => change({ next })}
      steps={steps}
      self={step.uid}
      emptyLabel="The step after it"
      error={problem("next")}
    />
  );
}
