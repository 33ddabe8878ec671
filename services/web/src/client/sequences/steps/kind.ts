import type { ReactNode } from "react";
import type { StepDraft, StepType } from "../form.js";

/** What a step's form gets: the step, the others (targets name them), a way to change it, the API's problems. */
export interface StepFormProps {
  step: StepDraft;
  steps: readonly StepDraft[];
  change: (patch: Partial<StepDraft>) => void;
  /** The API's message for one of this step's fields (`body`, `rules.0.next`), from the last save. */
  problem: (field: string) => string | undefined;
}

/** One step type in the editor: adding a type is adding one of these (and its entry in `index.ts`). */
export interface StepKind {
  type: StepType;
  label: string;
  /** What a new step of the type starts with (besides its type and key). */
  blank: () => Partial<StepDraft>;
  /** The fields its form shows; a 422 on any other field (or the step itself) shows on the card. */
  fields: readonly string[];
  Form: (props: StepFormProps) => ReactNode;
}
