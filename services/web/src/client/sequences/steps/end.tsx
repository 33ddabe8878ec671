import type { StepKind } from "./kind.js";

export const endStep: StepKind = {
  type: "end",
  label: "End the run",
  blank: () => ({}),
  fields: [],
  Form: () => <p className="hint">The run completes here.</p>,
};
