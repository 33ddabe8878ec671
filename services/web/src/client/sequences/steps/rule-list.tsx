import type { ReactNode } from "react";
import { TargetSelect } from "../fields.js";
import type { StepDraft } from "../form.js";
import type { StepFormProps } from "./kind.js";

export type Rule = NonNullable<StepDraft["rules"]>[number];

/** What a rule's own fields get: the rule, a setter for it, and its fields' problems. */
export interface RuleFieldsProps {
  rule: Rule;
  setRule: (rule: Rule) => void;
  at: (field: string) => string | undefined;
}

/**
 * A step's rules in order, each its own fields then where it goes, with remove and add: the
 * branch's (on the reply) and the webhook's (on the answer) differ only in `Fields`.
 */
export function RuleList({
  step,
  steps,
  change,
  problem,
  legend,
  Fields,
}: StepFormProps & { legend: string; Fields: (props: RuleFieldsProps) => ReactNode }) {
  const rules = step.rules ?? [];
  const setRule = (index: number, rule: Rule) =>
    change({ rules: rules.map((old, i) => (i === index ? rule : old)) });
  return (
    <fieldset className="rules wide">
      <legend>{legend}</legend>
      {rules.map((rule, r) => {
        const at = (field: string) => problem(`rules.${r}.${field}`);
        return (
          // Rules have no identity of their own: their place is what the API's `rules.<i>` names.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="rule" key={r}>
            <span className="rule-number">Rule {r + 1}</span>
            <Fields rule={rule} setRule={(next) => setRule(r, next)} at={at} />
            <TargetSelect
              label="Go to"
              value={rule.next || undefined}
              onChange={(next) => setRule(r, { ...rule, next: next ?? "" })}
              steps={steps}
              self={step.uid}
              error={at("next")}
            />
            <button
              type="button"
              className="link danger"
              onClick={() => change({ rules: rules.filter((_, i) => i !== r) })}
            >
              Remove rule {r + 1}
            </button>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => change({ rules: [...rules, { next: "" }] })}>
        Add a rule
      </button>
      {problem("rules") && !rules.length && <span className="field-error">{problem("rules")}</span>}
    </fieldset>
  );
}
